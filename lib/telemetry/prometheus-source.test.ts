import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MetricsSourceError } from "./errors";
import { createPrometheusMetricsSource } from "./prometheus-source";

/** A scripted Prometheus: records every request and answers with the current handler. */
interface FakePrometheus {
  url: string;
  requests: URL[];
  handle: (url: URL, res: ServerResponse) => void;
  close(): Promise<void>;
}

async function startFakePrometheus(): Promise<FakePrometheus> {
  const fake: FakePrometheus = { url: "", requests: [], handle: (_url, res) => json(res, 404, { status: "error", errorType: "not_found", error: "no handler" }), close: async () => {} };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    fake.requests.push(url);
    fake.handle(url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

const matrix = (series: { metric?: Record<string, string>; values: [number, string][] }[]) => ({ status: "success", data: { resultType: "matrix", result: series.map((s) => ({ metric: s.metric ?? {}, values: s.values })) } });
const vector = (rows: { metric?: Record<string, string>; value: string }[], at = 1735689600) => ({ status: "success", data: { resultType: "vector", result: rows.map((r) => ({ metric: r.metric ?? {}, value: [at, r.value] })) } });

const T0 = new Date("2025-01-01T00:00:00Z");
const T1 = new Date("2025-01-01T00:04:00Z");
const t0 = T0.getTime() / 1000;

let prom: FakePrometheus;
beforeAll(async () => {
  prom = await startFakePrometheus();
});
afterAll(() => prom.close());
beforeEach(() => {
  prom.requests.length = 0;
});

async function rejection(promise: Promise<unknown>): Promise<MetricsSourceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MetricsSourceError);
    return error as MetricsSourceError;
  }
  throw new Error("expected a rejection");
}

describe("Prometheus metrics source", () => {
  it("sends the error-ratio PromQL with the range and lays the matrix on the grid (gaps and NaN as null)", async () => {
    prom.handle = (_url, res) => json(res, 200, matrix([{ values: [[t0, "0.01"], [t0 + 60, "NaN"], [t0 + 180, "0.25"], [t0 + 240, "+Inf"]] }]));
    const source = createPrometheusMetricsSource({ baseUrl: `${prom.url}/` });
    const series = await source.serviceSeries({ namespace: "shop", service: "cart", metric: "error_ratio", start: T0, end: T1, stepSeconds: 60, windowSeconds: 120 });
    const sent = prom.requests[0]!;
    expect(sent.pathname).toBe("/api/v1/query_range");
    expect(sent.searchParams.get("query")).toBe(
      '(sum(rate(http_server_requests_total{namespace="shop",service="cart",code=~"5.."}[120s])) or vector(0)) / sum(rate(http_server_requests_total{namespace="shop",service="cart"}[120s]))',
    );
    expect(Object.fromEntries(["start", "end", "step"].map((k) => [k, sent.searchParams.get(k)]))).toEqual({ start: String(t0), end: String(t0 + 240), step: "60" });
    expect(series).toEqual({
      metric: "error_ratio",
      target: { kind: "service", namespace: "shop", service: "cart" },
      stepSeconds: 60,
      windowSeconds: 120,
      points: [[t0, 0.01], [t0 + 60, null], [t0 + 120, null], [t0 + 180, 0.25], [t0 + 240, null]],
    });
  });

  it("asks histogram_quantile over the duration buckets for p99, and an empty result is all gaps", async () => {
    prom.handle = (_url, res) => json(res, 200, matrix([]));
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    const series = await source.serviceSeries({ namespace: "shop", service: "checkout", metric: "latency_p99", start: T0, end: T1, stepSeconds: 120 });
    expect(prom.requests[0]!.searchParams.get("query")).toBe('histogram_quantile(0.99, sum by (le)(rate(http_server_request_duration_seconds_bucket{namespace="shop",service="checkout"}[60s])))');
    expect(series.points).toEqual([[t0, null], [t0 + 120, null], [t0 + 240, null]]);
  });

  it("maps edge metrics to the client counter by outcome", async () => {
    prom.handle = (_url, res) => json(res, 200, matrix([{ values: [[t0, "3.5"]] }]));
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    await source.edgeSeries({ namespace: "shop", from: "frontend", to: "cart", metric: "connection_refused_rate", start: T0, end: T0, stepSeconds: 60 });
    expect(prom.requests[0]!.searchParams.get("query")).toBe('sum(rate(http_client_requests_total{namespace="shop",from="frontend",to="cart",outcome="connection_refused"}[60s])) or vector(0)');
  });

  it("uses configured queries instead of the defaults", async () => {
    prom.handle = (_url, res) => json(res, 200, vector([{ value: "12" }]));
    const source = createPrometheusMetricsSource({
      baseUrl: prom.url,
      queries: { service: { request_rate: ({ namespace, service }, w) => `sum(rate(istio_requests_total{destination_workload_namespace="${namespace}",destination_workload="${service}"}[${w}s]))` } },
    });
    expect(await source.instant({ namespace: "shop", service: "ad", metric: "request_rate", at: T1 })).toBe(12);
    expect(prom.requests[0]!.pathname).toBe("/api/v1/query");
    expect(prom.requests[0]!.searchParams.get("query")).toBe('sum(rate(istio_requests_total{destination_workload_namespace="shop",destination_workload="ad"}[60s]))');
    expect(prom.requests[0]!.searchParams.get("time")).toBe(String(T1.getTime() / 1000));
  });

  it("reads pod health from kube-state-metrics with instant queries joined on the app label", async () => {
    prom.handle = (url, res) => {
      const q = url.searchParams.get("query") ?? "";
      if (q.includes("waiting_reason")) return json(res, 200, vector([{ metric: { reason: "CrashLoopBackOff" }, value: "1" }, { metric: { reason: "ImagePullBackOff" }, value: "1" }]));
      const value = q.startsWith("sum(kube_deployment_spec_replicas") ? "3" : q.startsWith("sum(kube_deployment_status_replicas_available") ? "1" : q.startsWith("count(") ? "4" : q.includes("phase=") ? "1" : "2";
      json(res, 200, vector([{ value }]));
    };
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    const health = await source.podHealth({ namespace: "shop", service: "cart", at: T1 });
    expect(health).toEqual({ desiredReplicas: 3, availableReplicas: 1, pods: 4, notReady: 2, pending: 1, crashLooping: 1, waitingReasons: { CrashLoopBackOff: 1, ImagePullBackOff: 1 } });
    const queries = prom.requests.map((r) => r.searchParams.get("query") ?? "");
    expect(queries).toContain('sum(kube_deployment_spec_replicas{namespace="shop",deployment="cart"})');
    expect(queries.find((q) => q.includes("kube_pod_status_ready"))).toContain('group_left() (max by (namespace, pod)(kube_pod_labels{namespace="shop",label_app="cart"}))');
  });

  it("lists services from the request counter's service label", async () => {
    prom.handle = (_url, res) => json(res, 200, { status: "success", data: ["frontend", "cart", "ad"] });
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    expect(await source.listServices("shop")).toEqual(["ad", "cart", "frontend"]);
    expect(prom.requests[0]!.pathname).toBe("/api/v1/label/service/values");
    expect(prom.requests[0]!.searchParams.get("match[]")).toBe('http_server_requests_total{namespace="shop"}');
  });

  it("reports Prometheus' own error message for a non-2xx answer", async () => {
    prom.handle = (_url, res) => json(res, 400, { status: "error", errorType: "bad_data", error: 'parse error: unexpected "}"' });
    const error = await rejection(createPrometheusMetricsSource({ baseUrl: prom.url }).instant({ namespace: "shop", service: "cart", metric: "request_rate", at: T1 }));
    expect(error.kind).toBe("bad-request");
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^prometheus: HTTP 400 from .*: bad_data: parse error: unexpected "}"$/);
  });

  it("quotes a non-JSON error page, shortened", async () => {
    prom.handle = (_url, res) => res.writeHead(502, { "Content-Type": "text/html" }).end(`<html><body>Bad gateway ${"x".repeat(1000)}</body></html>`);
    const error = await rejection(createPrometheusMetricsSource({ baseUrl: prom.url }).listServices("shop"));
    expect(error.kind).toBe("http");
    expect(error.message).toContain("HTTP 502");
    expect(error.message).toContain("<html><body>Bad gateway");
    expect(error.message.length).toBeLessThan(500);
  });

  it("rejects a malformed or partial answer, naming what was wrong", async () => {
    prom.handle = (_url, res) => json(res, 200, { status: "success", data: { resultType: "matrix", result: [{ metric: {}, values: [[t0, 5]] }] } });
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    const wrongType = await rejection(source.serviceSeries({ namespace: "shop", service: "cart", metric: "request_rate", start: T0, end: T1, stepSeconds: 60 }));
    expect(wrongType.kind).toBe("invalid-response");
    expect(wrongType.message).toMatch(/data\.result\.0\.values\.0\.1: .*string/);

    prom.handle = (_url, res) => json(res, 200, matrix([{ metric: { service: "a" }, values: [] }, { metric: { service: "b" }, values: [] }]));
    const twoSeries = await rejection(source.serviceSeries({ namespace: "shop", service: "cart", metric: "request_rate", start: T0, end: T1, stepSeconds: 60 }));
    expect(twoSeries.message).toMatch(/expected one series, got 2 .*"service":"a"/);

    prom.handle = (_url, res) => res.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"succ');
    expect((await rejection(source.listServices("shop"))).message).toMatch(/is not JSON: \{"status":"succ/);
  });

  it("times out a stalled server with AbortSignal.timeout", async () => {
    prom.handle = () => {
      /* never answers */
    };
    const started = Date.now();
    const error = await rejection(createPrometheusMetricsSource({ baseUrl: prom.url, timeoutMs: 200 }).listServices("shop"));
    expect(error.kind).toBe("timeout");
    expect(error.message).toMatch(/no answer from .* within 200 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("reports an unreachable server as a network error", async () => {
    const closed = await startFakePrometheus();
    await closed.close();
    const error = await rejection(createPrometheusMetricsSource({ baseUrl: closed.url }).listServices("shop"));
    expect(error.kind).toBe("network");
    expect(error.message).toMatch(/cannot reach .*ECONNREFUSED/);
  });

  it("refuses a bad query before sending anything", async () => {
    const source = createPrometheusMetricsSource({ baseUrl: prom.url });
    const badName = await rejection(source.serviceSeries({ namespace: "shop", service: 'cart"}', metric: "request_rate", start: T0, end: T1, stepSeconds: 60 }));
    expect(badName.kind).toBe("bad-request");
    expect(badName.message).toMatch(/invalid query service: must be a DNS-1123 label/);
    const backwards = await rejection(source.serviceSeries({ namespace: "shop", service: "cart", metric: "request_rate", start: T1, end: T0, stepSeconds: 60 }));
    expect(backwards.message).toMatch(/invalid query start: must not be after end/);
    expect(prom.requests).toHaveLength(0);
  });
});
