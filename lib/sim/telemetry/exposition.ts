/**
 * Prometheus text exposition format 0.0.4: a HELP and a TYPE line per family, then one line per
 * series. What a real Prometheus scrapes from `GET /metrics`.
 */
import type { MetricRegistry } from "./metric-registry";

/** Content-Type of the text format, as client libraries send it. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** Go's strconv formatting of a float, as the text format expects it. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

/** Render every family of the registry. */
export function renderExposition(registry: MetricRegistry): string {
  const lines: string[] = [];
  for (const { info, series } of registry.familiesWithSeries()) {
    lines.push(`# HELP ${info.name} ${escapeHelp(info.help)}`);
    lines.push(`# TYPE ${info.name} ${info.type}`);
    for (const entry of series) lines.push(`${entry.key} ${formatSampleValue(registry.exposedValue(entry))}`);
  }
  return lines.join("\n") + "\n";
}
