/**
 * Back-off periods of the kubelet: container restarts (CrashLoopBackOff) and image pulls
 * (ImagePullBackOff) both start at 10s and double up to 5 minutes.
 */

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;
/** A container that ran this long without failing starts its back-off from scratch again. */
export const BACKOFF_RESET_MS = 2 * MAX_BACKOFF_MS;

/** Delay after the n-th consecutive failure (n ≥ 1). */
export function backoffDelayMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
}

/** Go's `time.Duration.String()` for whole seconds: "10s", "1m20s", "5m0s". */
export function formatGoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m${seconds % 60}s`;
}
