import "server-only";
/**
 * `similar_incidents`: past resolved incidents like the current one, with what fixed them and
 * whether a fix was rolled back. The query is either given or read from an incident (its alerts
 * and its latest diagnosis).
 */
import type { Db } from "../../db/client";
import { ApiError } from "../../http/api-error";
import { loadIncidentMemories } from "./load-incident-memories";
import { rankSimilarIncidents, type SimilarIncident, type SimilarIncidentQuery } from "./rank-similar-incidents";

/** Results returned unless the caller asks for another number. */
export const DEFAULT_SIMILAR_INCIDENTS = 5;

export interface SimilarIncidentQueryForOptions {
  db: Db;
  incidentId: string;
}

/** The similarity query of an incident: its namespace, service, alerts and diagnosis; 404 if unknown. */
export async function similarIncidentQueryFor({ db, incidentId }: SimilarIncidentQueryForOptions): Promise<SimilarIncidentQuery> {
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: {
      alerts: { select: { name: true, summary: true } },
      events: { where: { type: "agent.diagnosis" }, orderBy: { id: "desc" }, take: 1, select: { payload: true } },
    },
  });
  if (!incident) throw new ApiError("not_found", `incident "${incidentId}" not found`);
  const diagnosis = (incident.events[0]?.payload ?? {}) as Record<string, unknown>;
  const faulty = diagnosis.faultyObject as { kind?: unknown; name?: unknown } | undefined;
  const rootCause = typeof diagnosis.rootCause === "string" ? diagnosis.rootCause : null;
  return {
    namespace: incident.namespace,
    service: (typeof diagnosis.service === "string" && diagnosis.service) || incident.service,
    alertNames: [...new Set(incident.alerts.map((a) => a.name))],
    mechanism: typeof diagnosis.mechanism === "string" ? diagnosis.mechanism : null,
    faultyObject: faulty && typeof faulty.kind === "string" && typeof faulty.name === "string" ? { kind: faulty.kind, name: faulty.name } : null,
    text: [incident.title, ...new Set(incident.alerts.map((a) => a.summary)), rootCause].filter(Boolean).join("\n"),
  };
}

export interface FindSimilarIncidentsOptions {
  db: Db;
  query: SimilarIncidentQuery;
  /** The incident being worked on, never its own match. */
  excludeIncidentId?: string;
  limit?: number;
}

/** Similar resolved incidents, best first (see `rankSimilarIncidents` for the signals). */
export async function findSimilarIncidents({ db, query, excludeIncidentId, limit = DEFAULT_SIMILAR_INCIDENTS }: FindSimilarIncidentsOptions): Promise<SimilarIncident[]> {
  const memories = await loadIncidentMemories({ db, excludeIncidentId });
  return rankSimilarIncidents({ query, memories, limit });
}
