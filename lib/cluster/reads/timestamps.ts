/**
 * Kubernetes timestamps as client-node gives them (Date objects) or as JSON has them (RFC 3339
 * strings, e.g. in hand-built snapshots): one reader for both.
 */

/** Milliseconds since the epoch, or undefined when absent or unparsable. */
export function timestampMs(value: Date | string | undefined | null): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** ISO string of a timestamp, or undefined. */
export function timestampIso(value: Date | string | undefined | null): string | undefined {
  const ms = timestampMs(value);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** kubectl-style age: 45s, 12m, 3h, 2d. */
export function formatAge(fromMs: number | undefined, nowMs: number): string {
  if (fromMs === undefined) return "?";
  const seconds = Math.max(0, Math.floor((nowMs - fromMs) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
