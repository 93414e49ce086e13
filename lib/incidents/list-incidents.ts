import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Page, Pagination } from "../http/pagination";
import type { IncidentSummary } from "./incident-views";

export const incidentListFilterSchema = z.object({
  /** open: not resolved; resolved; all (default). */
  status: z.enum(["open", "resolved", "all"]).default("all"),
});

export type IncidentListFilter = z.infer<typeof incidentListFilterSchema>;


export interface ListIncidentsOptions {
  db: Db;
  filter: IncidentListFilter;
  pagination: Pagination;
}

/** Incidents, open ones first, newest first within each group. */
export async function listIncidents({ db, filter, pagination }: ListIncidentsOptions): Promise<Page<IncidentSummary>> {
  const where = filter.status === "open" ? { resolvedAt: null } : filter.status === "resolved" ? { resolvedAt: { not: null } } : {};
  const [rows, total] = await Promise.all([
    db.incident.findMany({
      where,
      orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { triggeredAt: "desc" }],
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
      alertCount: row._count.alerts,
      firingAlertCount: firingById.get(row.id) ?? 0,
    })),
    page: pagination.page,
    pageSize: pagination.pageSize,
    total,
  };
}
