/**
 * The query API behind the app's future `MetricsSource`: per-service and per-edge request rate,
 * error ratio, latency percentiles and availability, computed from the stored samples exactly as
 * the equivalent PromQL would compute them from a scrape of `/metrics`:
 *
 *   request_rate   sum(rate(http_server_requests_total{service}[w]))
 *   error_ratio    sum(rate(...{code=~"5.."}[w])) / sum(rate(...[w]))
 *   latency_pNN    histogram_quantile(0.NN, sum by (le)(rate(http_server_request_duration_seconds_bucket{service}[w])))
 *   availability   kube_deployment_status_replicas_available / kube_deployment_spec_replicas (0 when 0 desired)
 *   cpu_cores      sum(rate(container_cpu_usage_seconds_total[w])) over the service's pods
 *   memory_bytes   sum(container_memory_working_set_bytes) over the service's pods
 *   restarts       sum(increase(kube_pod_container_status_restarts_total[w])) over the service's pods
 *   edge: call_rate, error_ratio (outcome != success), and the rate of each outcome.
 */
import { METRICS } from "./collector";
import { histogramQuantile } from "./histogram";
import { SAMPLE_INTERVAL_MS, type SampleRing, type StoredSeries } from "./sample-ring";

/** Metrics a service can be asked for. */
export const SERVICE_METRICS = ["request_rate", "error_ratio", "latency_p50", "latency_p95", "latency_p99", "availability", "cpu_cores", "memory_bytes", "restarts"] as const;
export type ServiceMetric = (typeof SERVICE_METRICS)[number];

/** Metrics an edge (caller -> callee) can be asked for. */
export const EDGE_METRICS = ["call_rate", "error_ratio", "success_rate", "server_error_rate", "connection_refused_rate", "timeout_rate", "dns_error_rate"] as const;
export type EdgeMetric = (typeof EDGE_METRICS)[number];

/** What to query. */
export type QueryTarget = { kind: "service"; namespace: string; service: string } | { kind: "edge"; namespace: string; from: string; to: string };

/** A range query. Times in epoch ms; `step` and `window` in seconds. */
export interface RangeQuery {
  target: QueryTarget;
  metric: ServiceMetric | EdgeMetric;
  startMs: number;
  endMs: number;
  stepSeconds: number;
  /** Rate window (default 60 s, at least two samples). */
  windowSeconds?: number;
}

/** One point: epoch seconds and value (null where there is no data, as a gap in a graph). */
export type QueryPoint = [number, number | null];

/** Result of a range query. */
export interface RangeResult {
  metric: string;
  target: QueryTarget;
  stepSeconds: number;
  windowSeconds: number;
  points: QueryPoint[];
}

/** Most points one query may return (bounds the work per request). */
export const MAX_QUERY_POINTS = 11_000;

/** Reads the sample ring. */
export class TelemetryQuery {
  constructor(private readonly ring: SampleRing) {}

  /** Value of a series at the newest sample at or before `atMs`. */
  private valueAt(series: StoredSeries, atMs: number): number | undefined {
    const slot = this.ring.slotAt(atMs);
    if (slot === undefined) return undefined;
    const value = series.values[slot];
    return value === undefined || Number.isNaN(value) ? undefined : value;
  }

  /** `increase()` of one counter between `atMs - window` and `atMs` (counter resets handled). */
  private increase(series: StoredSeries, atMs: number, windowMs: number): number | undefined {
    const end = this.valueAt(series, atMs);
    const start = this.valueAt(series, atMs - windowMs);
    if (end === undefined) return undefined;
    if (start === undefined) return undefined;
    return end >= start ? end - start : end;
  }

  private sumIncrease(series: StoredSeries[], atMs: number, windowMs: number): number | undefined {
    let total: number | undefined;
    for (const s of series) {
      const delta = this.increase(s, atMs, windowMs);
      if (delta !== undefined) total = (total ?? 0) + delta;
    }
    return total;
  }

  private podsOf(namespace: string, service: string, atMs: number): Set<string> {
    const pods = new Set<string>();
    for (const s of this.ring.select(METRICS.podLabels, { namespace, label_app: service })) {
      if (this.valueAt(s, atMs) !== undefined) pods.add(s.labels.pod ?? "");
    }
    return pods;
  }

  /** One service metric at one instant. */
  serviceValue(namespace: string, service: string, metric: ServiceMetric, atMs: number, windowSeconds = 60): number | undefined {
    const windowMs = windowSeconds * 1000;
    switch (metric) {
      case "request_rate": {
        const increase = this.sumIncrease(this.ring.select(METRICS.serverRequests, { namespace, service }), atMs, windowMs);
        return increase === undefined ? undefined : increase / windowSeconds;
      }
      case "error_ratio": {
        const all = this.ring.select(METRICS.serverRequests, { namespace, service });
        const total = this.sumIncrease(all, atMs, windowMs);
        if (total === undefined || total <= 0) return undefined;
        const errors = this.sumIncrease(all.filter((s) => (s.labels.code ?? "").startsWith("5")), atMs, windowMs) ?? 0;
        return errors / total;
      }
      case "latency_p50":
      case "latency_p95":
      case "latency_p99": {
        const q = metric === "latency_p50" ? 0.5 : metric === "latency_p95" ? 0.95 : 0.99;
        const buckets: { le: number; count: number }[] = [];
        for (const s of this.ring.select(`${METRICS.serverDuration}_bucket`, { namespace, service })) {
          const delta = this.increase(s, atMs, windowMs);
          if (delta === undefined) continue;
          const le = s.labels.le === "+Inf" ? Infinity : Number(s.labels.le);
          buckets.push({ le, count: delta });
        }
        return histogramQuantile(q, buckets);
      }
      case "availability": {
        const desired = this.ring.select(METRICS.deploymentSpecReplicas, { namespace, deployment: service })[0];
        const available = this.ring.select(METRICS.deploymentAvailable, { namespace, deployment: service })[0];
        const d = desired ? this.valueAt(desired, atMs) : undefined;
        const a = available ? this.valueAt(available, atMs) : undefined;
        if (d === undefined) return desired || available ? undefined : 0;
        return d > 0 ? Math.min(1, (a ?? 0) / d) : 0;
      }
      case "cpu_cores": {
        const pods = this.podsOf(namespace, service, atMs);
        const increase = this.sumIncrease(this.ring.select(METRICS.cpu, { namespace }).filter((s) => pods.has(s.labels.pod ?? "")), atMs, windowMs);
        return increase === undefined ? (pods.size === 0 ? 0 : undefined) : increase / windowSeconds;
      }
      case "memory_bytes": {
        const pods = this.podsOf(namespace, service, atMs);
        let total = 0;
        for (const s of this.ring.select(METRICS.memory, { namespace })) if (pods.has(s.labels.pod ?? "")) total += this.valueAt(s, atMs) ?? 0;
        return total;
      }
      case "restarts": {
        const pods = this.podsOf(namespace, service, atMs);
        let total = 0;
        for (const s of this.ring.select(METRICS.restarts, { namespace })) {
          if (!pods.has(s.labels.pod ?? "")) continue;
          const end = this.valueAt(s, atMs);
          if (end === undefined) continue;
          // A pod created inside the window counts all its restarts.
          total += end - (this.valueAt(s, atMs - windowMs) ?? 0);
        }
        return total;
      }
    }
  }

  /** One edge metric at one instant. */
  edgeValue(namespace: string, from: string, to: string, metric: EdgeMetric, atMs: number, windowSeconds = 60): number | undefined {
    const windowMs = windowSeconds * 1000;
    const all = this.ring.select(METRICS.clientRequests, { namespace, from, to });
    const total = this.sumIncrease(all, atMs, windowMs);
    if (total === undefined) return undefined;
    if (metric === "call_rate") return total / windowSeconds;
    if (metric === "error_ratio") {
      if (total <= 0) return undefined;
      return (this.sumIncrease(all.filter((s) => s.labels.outcome !== "success"), atMs, windowMs) ?? 0) / total;
    }
    const outcome = metric.replace(/_rate$/, "");
    return (this.sumIncrease(all.filter((s) => s.labels.outcome === outcome), atMs, windowMs) ?? 0) / windowSeconds;
  }

  /** An instant vector: every series of `sample` matching `match` with a value at `atMs`. */
  instantVector(sample: string, match: Readonly<Record<string, string>>, atMs: number): { labels: Readonly<Record<string, string>>; value: number }[] {
    const out: { labels: Readonly<Record<string, string>>; value: number }[] = [];
    for (const s of this.ring.select(sample, match)) {
      const value = this.valueAt(s, atMs);
      if (value !== undefined) out.push({ labels: s.labels, value });
    }
    return out;
  }

  /** `max_over_time(sample[window])` per series (series with no value in the window are left out). */
  maxOverTime(sample: string, match: Readonly<Record<string, string>>, atMs: number, windowSeconds: number): { labels: Readonly<Record<string, string>>; value: number }[] {
    const out: { labels: Readonly<Record<string, string>>; value: number }[] = [];
    const series = this.ring.select(sample, match);
    if (series.length === 0) return out;
    const slots: number[] = [];
    for (let t = atMs; t > atMs - windowSeconds * 1000; t -= SAMPLE_INTERVAL_MS) {
      const slot = this.ring.slotAt(t);
      if (slot === undefined) break;
      if (slots[slots.length - 1] !== slot) slots.push(slot);
    }
    for (const s of series) {
      let max: number | undefined;
      for (const slot of slots) {
        const value = s.values[slot];
        if (value !== undefined && !Number.isNaN(value)) max = max === undefined ? value : Math.max(max, value);
      }
      if (max !== undefined) out.push({ labels: s.labels, value: max });
    }
    return out;
  }

  /** Evaluate a range query on the sample grid. */
  range(query: RangeQuery): RangeResult {
    const windowSeconds = query.windowSeconds ?? 60;
    const points: QueryPoint[] = [];
    const stepMs = query.stepSeconds * 1000;
    for (let t = query.startMs; t <= query.endMs && points.length < MAX_QUERY_POINTS; t += stepMs) {
      const value =
        query.target.kind === "service"
          ? this.serviceValue(query.target.namespace, query.target.service, query.metric as ServiceMetric, t, windowSeconds)
          : this.edgeValue(query.target.namespace, query.target.from, query.target.to, query.metric as EdgeMetric, t, windowSeconds);
      points.push([t / 1000, value === undefined || !Number.isFinite(value) ? null : value]);
    }
    return { metric: query.metric, target: query.target, stepSeconds: query.stepSeconds, windowSeconds, points };
  }

  /** Services with server metrics, and edges with client metrics, in a namespace. */
  catalogue(namespace: string): { services: string[]; edges: { from: string; to: string }[] } {
    const services = new Set<string>();
    for (const s of this.ring.select(METRICS.serverRequests, { namespace })) services.add(s.labels.service ?? "");
    const edges = new Map<string, { from: string; to: string }>();
    for (const s of this.ring.select(METRICS.clientRequests, { namespace })) edges.set(`${s.labels.from}>${s.labels.to}`, { from: s.labels.from ?? "", to: s.labels.to ?? "" });
    return { services: [...services].sort(), edges: [...edges.values()] };
  }
}
