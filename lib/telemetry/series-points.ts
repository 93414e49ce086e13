/**
 * Helpers both sources share for turning server answers into `MetricSeries` points.
 */
import type { SeriesPoint } from "./types";

/** A server value as a point value: NaN, ±Inf and absent become null (a gap, not a zero). */
export function pointValue(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Unix seconds of every step of `[start, end]`: what a range query answers for, data or not. */
export function gridSeconds(start: Date, end: Date, stepSeconds: number): number[] {
  const out: number[] = [];
  const first = start.getTime() / 1000;
  const last = end.getTime() / 1000;
  for (let i = 0; first + i * stepSeconds <= last + 1e-9; i++) out.push(round3(first + i * stepSeconds));
  return out;
}

/** Seconds rounded to ms, so float steps line up with the server's timestamps. */
export function round3(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/** The last non-null value of a series, or null. */
export function lastValue(points: readonly SeriesPoint[]): number | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const value = points[i]?.[1];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}
