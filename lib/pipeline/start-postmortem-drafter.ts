import "server-only";
import type { Db } from "../db/client";
import type { Logger } from "../log";
import { draftPendingPostmortems } from "../postmortems/draft-pending-postmortems";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";

/** How often resolved incidents without a postmortem are looked for. */
export const POSTMORTEM_DRAFT_INTERVAL_MS = 5_000;

export interface StartPostmortemDrafterOptions {
  db: Db;
  metrics: MetricsSource | null;
  slos: SloConfig;
  log: Logger;
  intervalMs?: number;
}

/** Drafts the postmortem of each newly resolved incident, on an interval (one indexed query when none is pending). */
export function startPostmortemDrafter({ db, metrics, slos, log, intervalMs = POSTMORTEM_DRAFT_INTERVAL_MS }: StartPostmortemDrafterOptions): { stop(): void } {
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const result = await draftPendingPostmortems({ db, metrics, slos, now: new Date() });
      if (result.drafted.length) log.info("postmortems.drafted", { incidents: result.drafted });
      if (result.failed.length) log.warn("postmortems.draft_failed", { failed: result.failed });
    } catch (error) {
      log.warn("postmortems.draft_failed", { error });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
