import "server-only";
import type { Db } from "../db/client";
import { getIncidentOrThrow } from "./get-incident-or-throw";
import type { IncidentEventView } from "./incident-views";


export interface ListIncidentEventsOptions {
  db: Db;
  incidentId: string;
  /** Only events with a larger id (resume point). */
  afterId?: number;
  limit?: number;
}

/** The incident's event log in order. 404 when the incident does not exist. */
export async function listIncidentEvents({ db, incidentId, afterId = 0, limit = 500 }: ListIncidentEventsOptions): Promise<IncidentEventView[]> {
  await getIncidentOrThrow({ db, id: incidentId });
  const rows = await db.incidentEvent.findMany({
    where: { incidentId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: Math.min(Math.max(limit, 1), 1000),
  });
  return rows.map((row) => ({ id: row.id, type: row.type, payload: row.payload as Record<string, unknown>, createdAt: row.createdAt.toISOString() }));
}
