import "server-only";
import type { RiskLevel } from "../cluster/actions/types";
import type { Db } from "../db/client";
import { log as defaultLog, type Logger } from "../log";
import { storedMaxRisk, type AutopilotEnvDefault, type AutopilotMaxRisk } from "./autopilot-policy";

/** How long a lookup reuses the policies it read: changes made by another process show within this time. */
export const AUTOPILOT_LOOKUP_CACHE_MS = 5_000;

// On globalThis: the routes that change a policy and the pipeline that reads it may be in
// different server bundles of one process, and a change must reach the pipeline at once.
const globalForAutopilot = globalThis as unknown as { agenticSreAutopilotGeneration?: number };

/** Makes every lookup in this process read the database again on its next call (after a change). */
export function invalidateAutopilotLookups(): void {
  globalForAutopilot.agenticSreAutopilotGeneration = (globalForAutopilot.agenticSreAutopilotGeneration ?? 0) + 1;
}

export interface AutopilotLookupOptions {
  db: Db;
  /** The AUTOPILOT environment default (`env.autopilot`). */
  envDefault: AutopilotEnvDefault;
  /** Default AUTOPILOT_LOOKUP_CACHE_MS. */
  cacheMs?: number;
  /** Default Date.now (tests step it). */
  now?: () => number;
  log?: Logger;
}

/** The highest risk auto-approved in a namespace, or null when a human approves everything there. */
export type AutopilotLookup = (namespace: string) => Promise<RiskLevel | null>;

/**
 * The pipeline's autopilot: a namespace's database row wins ("off" -> null), else the AUTOPILOT
 * default, else null. The few rows are read in one query and reused for `cacheMs`. When the
 * database cannot be read the answer is null: an unknown policy must not approve anything.
 *
 * @example
 * createAgentPipelineSteps({ ..., autopilot: autopilotLookup({ db, envDefault: env.autopilot }) });
 */
export function autopilotLookup(options: AutopilotLookupOptions): AutopilotLookup {
  const cacheMs = options.cacheMs ?? AUTOPILOT_LOOKUP_CACHE_MS;
  const now = options.now ?? Date.now;
  const logger = options.log ?? defaultLog;
  let cached: { policies: Map<string, AutopilotMaxRisk>; loadedAt: number; generation: number } | null = null;
  let loading: Promise<Map<string, AutopilotMaxRisk>> | null = null;

  async function policies(): Promise<Map<string, AutopilotMaxRisk>> {
    const generation = globalForAutopilot.agenticSreAutopilotGeneration ?? 0;
    if (cached && cached.generation === generation && now() - cached.loadedAt < cacheMs) return cached.policies;
    // Concurrent proposals share one read.
    loading ??= (async () => {
      try {
        const rows = await options.db.autopilotPolicy.findMany({ select: { namespace: true, maxRisk: true } });
        const loaded = new Map(rows.map((row) => [row.namespace, storedMaxRisk(row.maxRisk)] as const));
        cached = { policies: loaded, loadedAt: now(), generation };
        return loaded;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  return async (namespace) => {
    let stored: AutopilotMaxRisk | undefined;
    try {
      stored = (await policies()).get(namespace);
    } catch (error) {
      logger.warn("autopilot.lookup_failed", { namespace, error: error instanceof Error ? error.message : String(error), decision: "a human approves" });
      return null;
    }
    if (stored !== undefined) return stored === "off" ? null : stored;
    return options.envDefault[namespace] ?? null;
  };
}
