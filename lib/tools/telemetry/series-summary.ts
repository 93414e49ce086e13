/** Compact text for a metric series: what a model (or an operator) needs without every point. */
import type { MetricSeries } from "../../telemetry/types";
import { toolOk, type ToolResult } from "../types";

/** Most points printed per series; longer series are summarized, then sampled evenly. */
export const MAX_PRINTED_POINTS = 12;

const round = (value: number) => (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10_000) / 10_000);

/** `min / max / last` over the non-null points, then up to MAX_PRINTED_POINTS `time=value` pairs. */
export function summarizeSeries(series: MetricSeries, label: string): { text: string; sampled: boolean } {
  const values = series.points.map(([, v]) => v).filter((v): v is number => v !== null);
  if (values.length === 0) return { text: `${label}: no data in the window (${series.points.length} empty points)`, sampled: false };
  const last = [...series.points].reverse().find(([, v]) => v !== null);
  const stats = `min=${round(Math.min(...values))} max=${round(Math.max(...values))} last=${round(last?.[1] ?? 0)} at ${new Date((last?.[0] ?? 0) * 1000).toISOString()}`;
  const every = Math.max(1, Math.ceil(series.points.length / MAX_PRINTED_POINTS));
  const sampled = series.points.filter((_, i) => i % every === 0 || i === series.points.length - 1);
  const points = sampled.map(([t, v]) => `${new Date(t * 1000).toISOString().slice(11, 19)}=${v === null ? "gap" : round(v)}`).join(" ");
  return { text: `${label}: ${stats}; step ${series.stepSeconds}s: ${points}`, sampled: every > 1 };
}

/**
 * Reads each metric with `read` and answers one line per series under `heading`, with the raw
 * points as `data.series` (keyed by metric) beside `extra`; truncated when any series was sampled.
 */
export async function summarizedSeriesResult<Metric extends string>(options: {
  heading: string;
  metrics: readonly Metric[];
  read: (metric: Metric) => Promise<MetricSeries>;
  extra: Record<string, unknown>;
}): Promise<ToolResult> {
  const lines: string[] = [];
  const series: Record<string, unknown> = {};
  let sampled = false;
  for (const metric of options.metrics) {
    const read = await options.read(metric);
    const summary = summarizeSeries(read, metric);
    sampled ||= summary.sampled;
    lines.push(`- ${summary.text}`);
    series[metric] = read.points;
  }
  return toolOk(`${options.heading}:\n${lines.join("\n")}`, { data: { ...options.extra, series }, truncated: sampled });
}
