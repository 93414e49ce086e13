import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Page, Pagination } from "../http/pagination";
import type { IncidentSummary } from "./incident-views";
import { CLOSED_INCIDENT_WHERE, isOpenState, OPEN_INCIDENT_WHERE } from "./open-incidents";

export const incidentListFilterSchema = z.object({
  /** open: not in a terminal state; closed: resolved or closed as noise; all (default). */
  status: z.enum(["open", "closed", "all"]).default("all"),
});

export type IncidentListFilter = z.infer<typeof incidentListFilterSchema>;


export interface ListIncidentsOptions {
  db: Db;
  filter: IncidentListFilter;
  pagination: Pagination;
}

/** Incidents, open ones first, newest first within each group. */
export async function listIncidents({ db, filter, pagination }: ListIncidentsOptions): Promise<Page<IncidentSummary>> {
  const where = filter.status === "open" ? OPEN_INCIDENT_WHERE : filter.status === "closed" ? CLOSED_INCIDENT_WHERE : {};
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
    })),
    page: pagination.page,
    pageSize: pagination.pageSize,
    total,
  };
}
