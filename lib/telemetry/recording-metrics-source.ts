/**
 * A `MetricsSource` that reports every read it answers: the rules agents read telemetry directly
 * (a call-graph walk is dozens of small reads), and the timeline must still show each one with
 * its input, a bounded output and its duration, like any tool call.
 */
import type { MetricSeries, MetricsSource } from "./types";

/** One telemetry read, as the timeline records it. */
export interface MetricsRead {
  /** `serviceSeries`, `edgeSeries`, `instant`, `podHealth` or `listServices`. */
  method: string;
  /** The query without its abort signal; dates as ISO strings. */
  params: Record<string, unknown>;
  ok: boolean;
  /** A one-line summary of the answer, or the error. */
  output: string;
  durationMs: number;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

function plainParams(query: unknown): Record<string, unknown> {
  if (typeof query === "string") return { namespace: query };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (key === "signal") continue;
    out[key] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function summarize(method: string, result: unknown): string {
  if (method === "serviceSeries" || method === "edgeSeries") {
    const series = result as MetricSeries;
    const values = series.points.map(([, v]) => v).filter((v): v is number => v !== null);
    if (values.length === 0) return `${series.points.length} points, all gaps`;
    return `${series.points.length} points, min=${round(Math.min(...values))} max=${round(Math.max(...values))} last=${round(values[values.length - 1]!)}`;
  }
  const text = JSON.stringify(result);
  return text.length > 500 ? `${text.slice(0, 500)}... [${text.length - 500} more characters]` : text;
}

/** Wraps `source` so each read is passed to `onRead` once it settles (failures included, then rethrown). */
export function recordingMetricsSource(source: MetricsSource, onRead: (read: MetricsRead) => void): MetricsSource {
  const record = <Args extends unknown[], Result>(method: string, call: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      const started = performance.now();
      const params = plainParams(args[0]);
      const durationMs = () => Math.round((performance.now() - started) * 100) / 100;
      try {
        const result = await call(...args);
        onRead({ method, params, ok: true, output: summarize(method, result), durationMs: durationMs() });
        return result;
      } catch (error) {
        onRead({ method, params, ok: false, output: error instanceof Error ? error.message : String(error), durationMs: durationMs() });
        throw error;
      }
    };
  return {
    kind: source.kind,
    serviceSeries: record("serviceSeries", (q) => source.serviceSeries(q)),
    edgeSeries: record("edgeSeries", (q) => source.edgeSeries(q)),
    instant: record("instant", (q) => source.instant(q)),
    podHealth: record("podHealth", (q) => source.podHealth(q)),
    listServices: record("listServices", (namespace: string, options?: { signal?: AbortSignal }) => source.listServices(namespace, options)),
  };
}
