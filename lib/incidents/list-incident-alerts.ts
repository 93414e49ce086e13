import "server-only";
import type { Db } from "../db/client";
import type { Page, Pagination } from "../http/pagination";
import { getIncidentOrThrow } from "./get-incident-or-throw";
import type { IncidentAlert } from "./incident-views";


/** The incident's alerts, firing first, newest first. 404 when the incident does not exist. */
export async function listIncidentAlerts({ db, incidentId, pagination }: { db: Db; incidentId: string; pagination: Pagination }): Promise<Page<IncidentAlert>> {
  await getIncidentOrThrow({ db, id: incidentId });
  const where = { incidentId };
  const [rows, total] = await Promise.all([
    db.alert.findMany({
      where,
      orderBy: [{ status: "asc" }, { startsAt: "desc" }],
      skip: (pagination.page - 1) * pagination.pageSize,
      take: pagination.pageSize,
    }),
    db.alert.count({ where }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      source: row.source,
      fingerprint: row.fingerprint,
      status: row.status,
      severity: row.severity,
      name: row.name,
      summary: row.summary,
      description: row.description,
      cluster: row.cluster,
      namespace: row.namespace,
      service: row.service,
      labels: row.labels as Record<string, string>,
      annotations: row.annotations as Record<string, string>,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt?.toISOString() ?? null,
      generatorUrl: row.generatorUrl,
      receivedCount: row.receivedCount,
    })),
    page: pagination.page,
    pageSize: pagination.pageSize,
    total,
  };
}
