import "server-only";
/**
 * The incident page's "similar past incidents" panel: resolved incidents like this one (by the
 * same signals the `similar_incidents` tool uses), what fixed them, and whether a fix was rolled
 * back or undone.
 */
import type { Db } from "../db/client";
import { findSimilarIncidents, similarIncidentQueryFor } from "../memory/incidents/find-similar-incidents";
import { describeAction, fixFailed, type FixOutcome } from "../memory/incidents/incident-memory";

/** Incidents shown in the panel at most. */
export const SIMILAR_PANEL_LIMIT = 5;

/** One fix tried on a past incident. */
export interface SimilarIncidentFixView {
  transactionId: string;
  summary: string;
  outcome: FixOutcome;
  healthBefore: number | null;
  healthAfter: number | null;
  reason: string | null;
}

/** One past incident as the panel shows it. */
export interface SimilarIncidentView {
  incidentId: string;
  title: string;
  resolvedAt: string | null;
  score: number;
  /** Why it matched ("same service", "same alerts"...). */
  reasons: string[];
  /** One sentence: what fixed it and what was rolled back. */
  resolution: string;
  rootCause: string | null;
  fixes: SimilarIncidentFixView[];
  /** A committed fix exists. */
  fixed: boolean;
  /** A fix was rolled back by TNR or undone by an operator. */
  rolledBack: boolean;
  postmortemStatus: string | null;
}

export interface SimilarIncidentsForPanelOptions {
  db: Db;
  incidentId: string;
  limit?: number;
}

/** Similar resolved incidents of an incident, most similar first; 404 if the incident does not exist. */
export async function similarIncidentsForPanel({ db, incidentId, limit = SIMILAR_PANEL_LIMIT }: SimilarIncidentsForPanelOptions): Promise<{ incidentId: string; similar: SimilarIncidentView[] }> {
  const query = await similarIncidentQueryFor({ db, incidentId });
  const similar = await findSimilarIncidents({ db, query, excludeIncidentId: incidentId, limit });
  return {
    incidentId,
    similar: similar.map(({ memory, score, reasons, resolution }) => ({
      incidentId: memory.incidentId,
      title: memory.title,
      resolvedAt: memory.resolvedAt?.toISOString() ?? null,
      score,
      reasons,
      resolution,
      rootCause: memory.rootCause,
      fixes: memory.fixes.map((f) => ({ transactionId: f.transactionId, summary: f.summary ?? f.actions.map(describeAction).join(", "), outcome: f.outcome, healthBefore: f.healthBefore, healthAfter: f.healthAfter, reason: f.reason })),
      fixed: memory.fixes.some((f) => f.outcome === "committed"),
      rolledBack: memory.fixes.some((f) => fixFailed(f.outcome) && (f.outcome === "rolled_back" || f.outcome === "undone")),
      postmortemStatus: memory.postmortem?.status ?? null,
    })),
  };
}
