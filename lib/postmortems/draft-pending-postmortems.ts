import "server-only";
import type { Db } from "../db/client";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import { draftPostmortem } from "./draft-postmortem";

/** Most drafts written per call: the worker loop calls again on its next pass. */
export const MAX_DRAFTS_PER_PASS = 10;

export interface DraftPendingPostmortemsOptions {
  db: Db;
  metrics?: MetricsSource | null;
  slos?: SloConfig;
  now: Date;
  limit?: number;
}

export interface DraftPendingPostmortemsResult {
  /** Incidents that got a draft on this pass. */
  drafted: string[];
  /** Incidents whose draft failed, with why (tried again on the next pass). */
  failed: { incidentId: string; error: string }[];
}

/**
 * Drafts the postmortem of every RESOLVED incident that has none yet, oldest resolution first,
 * at most `limit` per call. Meant for the pipeline worker's loop: cheap when there is nothing to
 * do (one indexed query), and one failing incident does not stop the others.
 */
export async function draftPendingPostmortems(options: DraftPendingPostmortemsOptions): Promise<DraftPendingPostmortemsResult> {
  const { db, now } = options;
  const pending = await db.incident.findMany({
    where: { state: "RESOLVED", postmortem: { is: null } },
    orderBy: [{ resolvedAt: "asc" }, { id: "asc" }],
    take: options.limit ?? MAX_DRAFTS_PER_PASS,
    select: { id: true },
  });
  const result: DraftPendingPostmortemsResult = { drafted: [], failed: [] };
  for (const { id } of pending) {
    try {
      const { outcome } = await draftPostmortem({ db, incidentId: id, now, metrics: options.metrics ?? null, ...(options.slos ? { slos: options.slos } : {}) });
      if (outcome === "created") result.drafted.push(id);
    } catch (error) {
      result.failed.push({ incidentId: id, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
