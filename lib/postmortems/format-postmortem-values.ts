/**
 * How numbers and instants are written in a postmortem. Fixed formats (UTC, no locale) so that the
 * same facts always render the same markdown, wherever the server runs.
 */

/** "45s", "3m 20s", "2h 5m", "1d 4h". */
export function formatDurationMs(ms: number | null): string {
  if (ms === null) return "unknown";
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes}m ${seconds % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return hours % 24 ? `${Math.floor(hours / 24)}d ${hours % 24}h` : `${Math.floor(hours / 24)}d`;
}

/** "2026-03-01 14:05:09 UTC". */
export function formatInstant(iso: string | null): string {
  if (!iso) return "—";
  return `${new Date(iso).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** H with one decimal when it has one: "96", "42.5". */
export function formatScore(score: number | null): string {
  if (score === null) return "?";
  return String(Math.round(score * 10) / 10);
}

/** "1.5 %" from 0.015; small shares keep two significant digits ("0.012 %"). */
export function formatPercent(ratio: number): string {
  const percent = ratio * 100;
  if (percent === 0) return "0 %";
  if (Math.abs(percent) >= 10) return `${Math.round(percent)} %`;
  if (Math.abs(percent) >= 1) return `${Math.round(percent * 10) / 10} %`;
  return `${Number(percent.toPrecision(2))} %`;
}

/** "12,345" (fixed grouping, not the locale's). */
export function formatCount(count: number): string {
  return String(Math.round(count)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
