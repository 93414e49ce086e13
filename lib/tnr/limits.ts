/**
 * The TNR engine's named limits and defaults (DESIGN.md, "Health and TNR"). Callers may lower
 * them per transaction; nothing may raise `MAX_ACTIONS_PER_TRANSACTION` (the catalogue's K).
 */
import { MAX_ACTIONS_PER_TRANSACTION } from "../cluster/actions/catalogue";

export { MAX_ACTIONS_PER_TRANSACTION };

/**
 * How long the cluster is observed after the last action before health is measured again. One
 * minute matches the health window (60 s rate window), so "after" reads traffic served entirely
 * by the changed cluster once the rollout is done.
 */
export const DEFAULT_STABILIZATION_MS = 60_000;

/** Health points a score may lose and still count as no regression (compareHealth's tolerance). */
export const DEFAULT_TOLERANCE = 5;

/**
 * Slack added to the stabilization window to get the lock lease's time to live: the lease is
 * renewed before and after the window, so it must outlive one window plus one health
 * measurement and a few API calls, yet free itself soon after a crashed holder stops renewing.
 */
export const LOCK_TTL_MARGIN_MS = 120_000;

/** Lease length for a window of `stabilizationMs`. */
export function lockTtlFor(stabilizationMs: number): number {
  return stabilizationMs + LOCK_TTL_MARGIN_MS;
}
