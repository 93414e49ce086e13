/**
 * The metric vocabulary of a `MetricsSource`. The names match the simulator's query API
 * (`/sim/v1/metrics/query`) so the simulator source passes them through unchanged; the
 * Prometheus source maps each one to a PromQL expression (`promql.ts`).
 */

/** Metrics a service can be asked for. Latencies are in seconds, memory in bytes, rates per second. */
export const SERVICE_METRICS = ["request_rate", "error_ratio", "latency_p50", "latency_p95", "latency_p99", "availability", "cpu_cores", "memory_bytes", "restarts"] as const;
export type ServiceMetric = (typeof SERVICE_METRICS)[number];

/** Metrics an edge (caller -> callee) can be asked for. `*_rate` are calls per second by outcome. */
export const EDGE_METRICS = ["call_rate", "error_ratio", "success_rate", "server_error_rate", "connection_refused_rate", "timeout_rate", "dns_error_rate"] as const;
export type EdgeMetric = (typeof EDGE_METRICS)[number];
