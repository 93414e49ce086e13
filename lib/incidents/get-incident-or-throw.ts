import "server-only";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import type { IncidentDetail } from "./incident-views";
import { isOpenState } from "./open-incidents";


const iso = (date: Date | null) => date?.toISOString() ?? null;

/** One incident, or a 404 that names the id. */
export async function getIncidentOrThrow({ db, id }: { db: Db; id: string }): Promise<IncidentDetail> {
  const row = await db.incident.findUnique({ where: { id }, include: { _count: { select: { alerts: true } } } });
  if (!row) throw new ApiError("not_found", `incident "${id}" not found`);
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    state: row.state,
    cluster: row.cluster,
    namespace: row.namespace,
    service: row.service,
    groupKey: row.groupKey,
    triggeredAt: row.triggeredAt.toISOString(),
    lastAlertAt: row.lastAlertAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    mitigatedAt: iso(row.mitigatedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    open: isOpenState(row.state),
    alertCount: row._count.alerts,
  };
}
