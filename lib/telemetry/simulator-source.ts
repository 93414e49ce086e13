import "server-only";
/**
 * `MetricsSource` over the simulated cluster's HTTP API:
 *   series      GET /sim/v1/metrics/query?namespace=&service=|from=&to=&metric=&start=&end=&step=&window=
 *   pod health  GET /metrics (kube-state-metrics families of the Prometheus exposition)
 *   services    GET /metrics (the `service` label of http_server_requests_total)
 * The scrape has no history, so `podHealth` always reports the simulator's present, whatever
 * `at` says; health is measured "now" by the TNR engine, which is what it needs.
 */
import { z } from "zod";
import { MetricsSourceError } from "./errors";
import { DEFAULT_TIMEOUT_MS, fetchJson } from "./fetch-json";
import { podHealthFromSamples } from "./pod-health-from-samples";
import { ExpositionParseError, parseExposition, type ExpositionSample } from "./prometheus-text";
import { edgeSeriesInput, namespaceInput, parseQueryInput, podHealthInput, serviceSeriesInput } from "./query-input";
import { lastValue, pointValue } from "./series-points";
import type { EdgeSeriesQuery, InstantQuery, MetricSeries, MetricsSource, PodHealth, PodHealthQuery, ServiceSeriesQuery } from "./types";

const SOURCE = "simulator";

/** Options of `createSimulatorMetricsSource`. */
export interface SimulatorMetricsSourceOptions {
  /** The simulator's API server, e.g. `http://127.0.0.1:7443`. */
  baseUrl: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Deadline of each request (default 10 s). */
  timeoutMs?: number;
}

/** What the query API answers (`lib/sim/control/http-handler.ts`); checked, never trusted. */
const queryAnswerSchema = z.object({
  status: z.literal("success"),
  data: z.object({
    metric: z.string(),
    target: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("service"), namespace: z.string(), service: z.string() }),
      z.object({ kind: z.literal("edge"), namespace: z.string(), from: z.string(), to: z.string() }),
    ]),
    stepSeconds: z.number().positive(),
    windowSeconds: z.number().positive(),
    points: z.array(z.tuple([z.number(), z.number().nullable()])),
  }),
});

const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(body)"}: ${issue.message}`)
    .join("; ");
}

/** A `MetricsSource` reading the simulator. */
export function createSimulatorMetricsSource(options: SimulatorMetricsSourceOptions): MetricsSource {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const get = (path: string, signal: AbortSignal | undefined, asText = false) =>
    fetchJson(`${baseUrl}${path}`, {
      source: SOURCE,
      fetch: doFetch,
      timeoutMs,
      asText,
      ...(signal ? { signal } : {}),
      errorMessage: (body) => {
        const parsed = errorBodySchema.safeParse(body);
        return parsed.success ? parsed.data.error.message : undefined;
      },
    });

  async function range(params: Record<string, string>, expected: MetricSeries["target"], signal: AbortSignal | undefined): Promise<MetricSeries> {
    const path = `/sim/v1/metrics/query?${new URLSearchParams(params)}`;
    const body = await get(path, signal);
    const parsed = queryAnswerSchema.safeParse(body);
    if (!parsed.success) throw new MetricsSourceError(`unexpected answer to ${path}: ${describeIssues(parsed.error)}`, { kind: "invalid-response", source: SOURCE, url: `${baseUrl}${path}` });
    const data = parsed.data.data;
    if (JSON.stringify(data.target) !== JSON.stringify(expected) || data.metric !== params.metric) {
      throw new MetricsSourceError(`answer to ${path} is for ${data.metric} of ${JSON.stringify(data.target)}, not what was asked`, { kind: "invalid-response", source: SOURCE, url: `${baseUrl}${path}` });
    }
    return {
      metric: params.metric as MetricSeries["metric"],
      target: expected,
      stepSeconds: data.stepSeconds,
      windowSeconds: data.windowSeconds,
      points: data.points.map(([t, v]) => [t, pointValue(v)]),
    };
  }

  const timeParams = (q: { start: Date; end: Date; stepSeconds: number; windowSeconds: number }) => ({
    start: String(q.start.getTime() / 1000),
    end: String(q.end.getTime() / 1000),
    step: String(q.stepSeconds),
    window: String(q.windowSeconds),
  });

  async function scrape(signal: AbortSignal | undefined): Promise<ExpositionSample[]> {
    const text = (await get("/metrics", signal, true)) as string;
    try {
      return parseExposition(text);
    } catch (error) {
      const detail = error instanceof ExpositionParseError ? error.message : String(error);
      throw new MetricsSourceError(`GET /metrics is not Prometheus text: ${detail}`, { kind: "invalid-response", source: SOURCE, url: `${baseUrl}/metrics`, cause: error });
    }
  }

  const source: MetricsSource = {
    kind: SOURCE,
    serviceSeries(query: ServiceSeriesQuery) {
      const q = parseQueryInput(serviceSeriesInput, query, SOURCE);
      return range({ namespace: q.namespace, service: q.service, metric: q.metric, ...timeParams(q) }, { kind: "service", namespace: q.namespace, service: q.service }, query.signal);
    },
    edgeSeries(query: EdgeSeriesQuery) {
      const q = parseQueryInput(edgeSeriesInput, query, SOURCE);
      return range({ namespace: q.namespace, from: q.from, to: q.to, metric: q.metric, ...timeParams(q) }, { kind: "edge", namespace: q.namespace, from: q.from, to: q.to }, query.signal);
    },
    async instant(query: InstantQuery) {
      // The query API's smallest step is 10 s; a one-point range at `at` is an instant query.
      const common = { namespace: query.namespace, start: query.at, end: query.at, stepSeconds: 10, windowSeconds: query.windowSeconds ?? 60, ...(query.signal ? { signal: query.signal } : {}) };
      const series = "service" in query ? await source.serviceSeries({ ...common, service: query.service, metric: query.metric }) : await source.edgeSeries({ ...common, from: query.from, to: query.to, metric: query.metric });
      return lastValue(series.points);
    },
    async podHealth(query: PodHealthQuery): Promise<PodHealth> {
      const q = parseQueryInput(podHealthInput, query, SOURCE);
      return podHealthFromSamples(await scrape(query.signal), { namespace: q.namespace, service: q.service });
    },
    async listServices(namespace, listOptions) {
      const ns = parseQueryInput(namespaceInput, namespace, SOURCE);
      const services = new Set<string>();
      for (const sample of await scrape(listOptions?.signal)) {
        if (sample.name === "http_server_requests_total" && sample.labels.namespace === ns && sample.labels.service) services.add(sample.labels.service);
      }
      return [...services].sort();
    },
  };
  return source;
}

