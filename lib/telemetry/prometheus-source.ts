import "server-only";
/**
 * `MetricsSource` over a real Prometheus HTTP API:
 *   series      GET /api/v1/query_range?query=&start=&end=&step=   (PromQL from `promql.ts`)
 *   instant     GET /api/v1/query?query=&time=
 *   pod health  six instant queries over kube-state-metrics
 *   services    GET /api/v1/label/service/values?match[]=http_server_requests_total{namespace="..."}
 * Matrix answers are laid on the requested grid, so a step with no sample is a null point,
 * exactly like the simulator source; NaN and ±Inf (0/0 ratios) are nulls too.
 */
import { z } from "zod";
import { MetricsSourceError } from "./errors";
import { DEFAULT_TIMEOUT_MS, fetchJson } from "./fetch-json";
import { resolvePromQl, promString, type PromQlOverrides } from "./promql";
import { edgeSeriesInput, namespaceInput, parseQueryInput, podHealthInput, serviceSeriesInput } from "./query-input";
import { gridSeconds, pointValue, round3 } from "./series-points";
import type { EdgeSeriesQuery, InstantQuery, MetricSeries, MetricsSource, PodHealth, PodHealthQuery, ServiceSeriesQuery } from "./types";

const SOURCE = "prometheus";

/** Options of `createPrometheusMetricsSource`. */
export interface PrometheusMetricsSourceOptions {
  /** Prometheus' base URL, e.g. `http://prometheus.monitoring.svc:9090` (a path prefix is kept). */
  baseUrl: string;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Deadline of each request (default 10 s). */
  timeoutMs?: number;
  /** Extra headers (e.g. `Authorization` for a proxy in front of Prometheus). */
  headers?: Record<string, string>;
  /** PromQL overrides for metric names or labels that differ from the defaults. */
  queries?: PromQlOverrides;
}

const sampleValue = z.tuple([z.number(), z.string()]);
const labelsSchema = z.record(z.string(), z.string());

const matrixAnswer = z.object({
  status: z.literal("success"),
  data: z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric: labelsSchema, values: z.array(sampleValue) })) }),
});

const instantAnswer = z.object({
  status: z.literal("success"),
  data: z.discriminatedUnion("resultType", [
    z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: labelsSchema, value: sampleValue })) }),
    z.object({ resultType: z.literal("scalar"), result: sampleValue }),
  ]),
});

const labelValuesAnswer = z.object({ status: z.literal("success"), data: z.array(z.string()) });

/** Prometheus' error document (`{"status":"error","errorType":"bad_data","error":"..."}`). */
const errorAnswer = z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string() });

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "(body)"}: ${issue.message}`)
    .join("; ");
}

/** A `MetricsSource` reading a Prometheus server with PromQL. */
export function createPrometheusMetricsSource(options: PrometheusMetricsSourceOptions): MetricsSource {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const queries = resolvePromQl(options.queries);

  async function get<S extends z.ZodType>(path: string, params: Record<string, string>, schema: S, signal: AbortSignal | undefined): Promise<z.output<S>> {
    const url = `${baseUrl}${path}?${new URLSearchParams(params)}`;
    const body = await fetchJson(url, {
      source: SOURCE,
      fetch: doFetch,
      timeoutMs,
      ...(options.headers ? { headers: options.headers } : {}),
      ...(signal ? { signal } : {}),
      errorMessage: (b) => {
        const parsed = errorAnswer.safeParse(b);
        return parsed.success ? `${parsed.data.errorType ? `${parsed.data.errorType}: ` : ""}${parsed.data.error}` : undefined;
      },
    });
    // Prometheus answers some failures with 200 and status "error" (e.g. behind some proxies).
    const failed = errorAnswer.safeParse(body);
    if (failed.success) throw new MetricsSourceError(`query failed: ${failed.data.error} (query: ${params.query ?? params["match[]"]})`, { kind: "query", source: SOURCE, url });
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new MetricsSourceError(`unexpected answer to ${path} (query: ${params.query ?? params["match[]"]}): ${describeIssues(parsed.error)}`, { kind: "invalid-response", source: SOURCE, url });
    return parsed.data;
  }

  async function rangeQuery(query: string, q: { start: Date; end: Date; stepSeconds: number }, signal: AbortSignal | undefined): Promise<MetricSeries["points"]> {
    const answer = await get("/api/v1/query_range", { query, start: String(q.start.getTime() / 1000), end: String(q.end.getTime() / 1000), step: String(q.stepSeconds) }, matrixAnswer, signal);
    const result = answer.data.result;
    if (result.length > 1) {
      throw new MetricsSourceError(`expected one series, got ${result.length} (first labels ${JSON.stringify(result[0]?.metric)}); the query must aggregate: ${query}`, { kind: "invalid-response", source: SOURCE });
    }
    const byTime = new Map<number, number | null>();
    for (const [t, v] of result[0]?.values ?? []) byTime.set(round3(t), pointValue(v));
    return gridSeconds(q.start, q.end, q.stepSeconds).map((t) => [t, byTime.get(t) ?? null]);
  }

  /** Instant vector as rows; a scalar answer is one row without labels. */
  async function instantRows(query: string, at: Date, signal: AbortSignal | undefined): Promise<{ labels: Record<string, string>; value: number | null }[]> {
    const answer = await get("/api/v1/query", { query, time: String(at.getTime() / 1000) }, instantAnswer, signal);
    if (answer.data.resultType === "scalar") return [{ labels: {}, value: pointValue(answer.data.result[1]) }];
    return answer.data.result.map((row) => ({ labels: row.metric, value: pointValue(row.value[1]) }));
  }

  async function instantNumber(query: string, at: Date, signal: AbortSignal | undefined): Promise<number | null> {
    const rows = await instantRows(query, at, signal);
    if (rows.length > 1) throw new MetricsSourceError(`expected at most one series, got ${rows.length}; the query must aggregate: ${query}`, { kind: "invalid-response", source: SOURCE });
    return rows[0]?.value ?? null;
  }

  const source: MetricsSource = {
    kind: SOURCE,
    async serviceSeries(query: ServiceSeriesQuery) {
      const q = parseQueryInput(serviceSeriesInput, query, SOURCE);
      const promql = queries.service[q.metric]({ namespace: q.namespace, service: q.service }, q.windowSeconds);
      return { metric: q.metric, target: { kind: "service", namespace: q.namespace, service: q.service }, stepSeconds: q.stepSeconds, windowSeconds: q.windowSeconds, points: await rangeQuery(promql, q, query.signal) };
    },
    async edgeSeries(query: EdgeSeriesQuery) {
      const q = parseQueryInput(edgeSeriesInput, query, SOURCE);
      const promql = queries.edge[q.metric]({ namespace: q.namespace, from: q.from, to: q.to }, q.windowSeconds);
      return { metric: q.metric, target: { kind: "edge", namespace: q.namespace, from: q.from, to: q.to }, stepSeconds: q.stepSeconds, windowSeconds: q.windowSeconds, points: await rangeQuery(promql, q, query.signal) };
    },
    async instant(query: InstantQuery) {
      const window = query.windowSeconds ?? 60;
      if ("service" in query) {
        const q = parseQueryInput(serviceSeriesInput, { ...query, start: query.at, end: query.at, stepSeconds: 1, windowSeconds: window }, SOURCE);
        return instantNumber(queries.service[q.metric]({ namespace: q.namespace, service: q.service }, q.windowSeconds), q.end, query.signal);
      }
      const q = parseQueryInput(edgeSeriesInput, { ...query, start: query.at, end: query.at, stepSeconds: 1, windowSeconds: window }, SOURCE);
      return instantNumber(queries.edge[q.metric]({ namespace: q.namespace, from: q.from, to: q.to }, q.windowSeconds), q.end, query.signal);
    },
    async podHealth(query: PodHealthQuery): Promise<PodHealth> {
      const q = parseQueryInput(podHealthInput, query, SOURCE);
      const selector = { namespace: q.namespace, service: q.service };
      const p = queries.pods;
      const [desired, available, pods, notReady, pending, waiting] = await Promise.all([
        instantNumber(p.desiredReplicas(selector, 60), q.at, query.signal),
        instantNumber(p.availableReplicas(selector, 60), q.at, query.signal),
        instantNumber(p.pods(selector, 60), q.at, query.signal),
        instantNumber(p.notReady(selector, 60), q.at, query.signal),
        instantNumber(p.pending(selector, 60), q.at, query.signal),
        instantRows(p.waitingByReason(selector, 60), q.at, query.signal),
      ]);
      const waitingReasons: Record<string, number> = {};
      for (const row of waiting) if (row.value !== null && row.value > 0) waitingReasons[row.labels.reason ?? "Unknown"] = row.value;
      return {
        desiredReplicas: desired,
        availableReplicas: available,
        pods: pods ?? 0,
        notReady: notReady ?? 0,
        pending: pending ?? 0,
        crashLooping: waitingReasons.CrashLoopBackOff ?? 0,
        waitingReasons,
      };
    },
    async listServices(namespace, listOptions) {
      const ns = parseQueryInput(namespaceInput, namespace, SOURCE);
      const answer = await get("/api/v1/label/service/values", { "match[]": `http_server_requests_total{namespace=${promString(ns)}}` }, labelValuesAnswer, listOptions?.signal);
      return [...answer.data].sort();
    },
  };
  return source;
}
