import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Page, Pagination } from "../http/pagination";
import { SEVERITIES } from "../alerts/types";
import type { IncidentDecision, IncidentSummary } from "./incident-views";
import { LEGACY_STATE_ALIASES, LIFECYCLE_STATES } from "./lifecycle";
import { CLOSED_INCIDENT_WHERE, isOpenState, OPEN_INCIDENT_WHERE } from "./open-incidents";

/** A query parameter that is absent, empty (a cleared filter) or a value. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

export const incidentListFilterSchema = z.object({
  /** open: not in a terminal state; closed: resolved or closed as noise; all (default). */
  status: z.enum(["open", "closed", "all"]).default("all"),
  /** One lifecycle state, e.g. AWAITING_APPROVAL. */
  state: optional(z.enum(LIFECYCLE_STATES, { message: `must be one of ${LIFECYCLE_STATES.join(", ")}` })),
  /** One severity. */
  severity: optional(z.enum(SEVERITIES, { message: `must be one of ${SEVERITIES.join(", ")}` })),
  /** Exact service name. */
  service: optional(z.string().trim().min(1).max(253)),
  /** Text in the title or the service name. */
  q: optional(z.string().trim().min(1).max(200, "at most 200 characters")),
});

export type IncidentListFilter = z.infer<typeof incidentListFilterSchema>;

export interface ListIncidentsOptions {
  db: Db;
  filter: IncidentListFilter;
  pagination: Pagination;
}

/** Incidents, open ones first, newest first within each group. */
export async function listIncidents({ db, filter, pagination }: ListIncidentsOptions): Promise<Page<IncidentSummary>> {
  const legacyNames = (state: string) => [state, ...Object.entries(LEGACY_STATE_ALIASES).filter(([, to]) => to === state).map(([from]) => from)];
  const where = {
    AND: [
      filter.status === "open" ? OPEN_INCIDENT_WHERE : filter.status === "closed" ? CLOSED_INCIDENT_WHERE : {},
      filter.state ? { state: { in: legacyNames(filter.state) } } : {},
      filter.severity ? { severity: filter.severity } : {},
      filter.service ? { service: filter.service } : {},
      // LIKE: case-insensitive for ASCII on SQLite, case-sensitive on PostgreSQL.
      filter.q ? { OR: [{ title: { contains: filter.q } }, { service: { contains: filter.q } }] } : {},
    ],
  };
  const [rows, total] = await Promise.all([
    db.incident.findMany({
      where,
      // closedAt is set on entering a terminal state: open incidents (null) first.
      orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { triggeredAt: "desc" }],
      skip: (pagination.page - 1) * pagination.pageSize,
      take: pagination.pageSize,
      include: { _count: { select: { alerts: true } } },
    }),
    db.incident.count({ where }),
  ]);
  const firing = rows.length
    ? await db.alert.groupBy({
        by: ["incidentId"],
        where: { incidentId: { in: rows.map((r) => r.id) }, status: "firing" },
        _count: { _all: true },
      })
    : [];
  const firingById = new Map(firing.map((f) => [f.incidentId, f._count._all]));
  // Who decided the latest proposal of each listed incident (human or autopilot).
  const decisions = rows.length
    ? await db.incidentEvent.findMany({
        where: { incidentId: { in: rows.map((r) => r.id) }, type: { in: ["approval.granted", "approval.rejected"] } },
        orderBy: { id: "asc" },
        select: { incidentId: true, type: true, payload: true },
      })
    : [];
  const decisionById = new Map<string, IncidentDecision>();
  for (const d of decisions) {
    const payload = (d.payload ?? {}) as { by?: unknown; auto?: unknown };
    decisionById.set(d.incidentId, { kind: d.type === "approval.granted" ? "approved" : "rejected", by: typeof payload.by === "string" ? payload.by : "unknown", auto: payload.auto === true });
  }
  return {
    items: rows.map((row) => ({
      id: row.id,
      title: row.title,
      severity: row.severity,
      state: row.state,
      cluster: row.cluster,
      namespace: row.namespace,
      service: row.service,
      triggeredAt: row.triggeredAt.toISOString(),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      closedAt: row.closedAt?.toISOString() ?? null,
      open: isOpenState(row.state),
      alertCount: row._count.alerts,
      firingAlertCount: firingById.get(row.id) ?? 0,
      decision: decisionById.get(row.id) ?? null,
    })),
    page: pagination.page,
    pageSize: pagination.pageSize,
    total,
  };
}
