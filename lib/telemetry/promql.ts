/**
 * The PromQL behind each metric of a `MetricsSource`, over the metric names the shop's
 * exporters (and the simulator's `/metrics`) use: OpenTelemetry HTTP server/client metrics in
 * Prometheus form, kube-state-metrics and cAdvisor. Each entry is a function of the selector
 * and the rate window, so a deployment with other names or labels overrides only what differs:
 *
 *   createPrometheusMetricsSource({ baseUrl, queries: { service: { request_rate: ({ namespace, service }, w) =>
 *     `sum(rate(istio_requests_total{destination_workload_namespace="${namespace}",destination_workload="${service}"}[${w}s]))` } } })
 *
 * Every expression aggregates to a single series (`sum`, `histogram_quantile` over `sum by (le)`);
 * the source rejects an answer with more than one.
 */
import type { EdgeMetric, ServiceMetric } from "./metric-names";

/** Label values reaching a query; names are validated as DNS-1123 labels before this. */
export interface ServiceSelector {
  namespace: string;
  service: string;
}

/** An edge's label values. */
export interface EdgeSelector {
  namespace: string;
  from: string;
  to: string;
}

/** Builds the PromQL of one metric for a target and a rate window in seconds. */
export type PromQlBuilder<S> = (selector: S, windowSeconds: number) => string;

/** Instant queries behind `podHealth`. Each must return a single number (or nothing). */
export interface PodHealthQueries {
  desiredReplicas: PromQlBuilder<ServiceSelector>;
  availableReplicas: PromQlBuilder<ServiceSelector>;
  pods: PromQlBuilder<ServiceSelector>;
  notReady: PromQlBuilder<ServiceSelector>;
  pending: PromQlBuilder<ServiceSelector>;
  /** Must return one series per reason, labelled `reason`. */
  waitingByReason: PromQlBuilder<ServiceSelector>;
}

/** The full query set. */
export interface PromQlQueries {
  service: Record<ServiceMetric, PromQlBuilder<ServiceSelector>>;
  edge: Record<EdgeMetric, PromQlBuilder<EdgeSelector>>;
  pods: PodHealthQueries;
  /** Label of `kube_pod_labels` naming a pod's service (kube-state-metrics: `label_<pod label>`). */
  podServiceLabel: string;
}

/** Overrides of `DEFAULT_PROMQL` (any subset). */
export interface PromQlOverrides {
  service?: Partial<PromQlQueries["service"]>;
  edge?: Partial<PromQlQueries["edge"]>;
  pods?: Partial<PodHealthQueries>;
  podServiceLabel?: string;
}

/** A PromQL string literal (names are validated before, but a query must never be injectable). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const server = ({ namespace, service }: ServiceSelector, extra = "") => `http_server_requests_total{namespace=${promString(namespace)},service=${promString(service)}${extra}}`;
const client = ({ namespace, from, to }: EdgeSelector, extra = "") => `http_client_requests_total{namespace=${promString(namespace)},from=${promString(from)},to=${promString(to)}${extra}}`;
const deployment = (name: string, { namespace, service }: ServiceSelector) => `sum(${name}{namespace=${promString(namespace)},deployment=${promString(service)}})`;

const quantile = (q: number): PromQlBuilder<ServiceSelector> => ({ namespace, service }, w) =>
  `histogram_quantile(${q}, sum by (le)(rate(http_server_request_duration_seconds_bucket{namespace=${promString(namespace)},service=${promString(service)}}[${w}s])))`;

/** Multiply a per-pod series by the pods of one service (kube_pod_labels is 1 per pod). */
const ofServicePods = (expr: string, { namespace, service }: ServiceSelector, label: string) =>
  `${expr} * on(namespace, pod) group_left() (max by (namespace, pod)(kube_pod_labels{namespace=${promString(namespace)},${label}=${promString(service)}}))`;

const outcomeRate = (outcome: string): PromQlBuilder<EdgeSelector> => (edge, w) => `sum(rate(${client(edge, `,outcome="${outcome}"`)}[${w}s])) or vector(0)`;

/** Build the default query set for a pod service label. */
export function defaultPromQl(podServiceLabel = "label_app"): PromQlQueries {
  const label = podServiceLabel;
  return {
    podServiceLabel,
    service: {
      request_rate: (s, w) => `sum(rate(${server(s)}[${w}s]))`,
      // `or vector(0)`: with no 5xx series at all the ratio is 0, not absent.
      error_ratio: (s, w) => `(sum(rate(${server(s, ',code=~"5.."')}[${w}s])) or vector(0)) / sum(rate(${server(s)}[${w}s]))`,
      latency_p50: quantile(0.5),
      latency_p95: quantile(0.95),
      latency_p99: quantile(0.99),
      // 0 desired replicas gives NaN/Inf, which the source turns into a gap.
      availability: (s) => `clamp_max(${deployment("kube_deployment_status_replicas_available", s)} / ${deployment("kube_deployment_spec_replicas", s)}, 1)`,
      cpu_cores: (s, w) => `sum(${ofServicePods(`rate(container_cpu_usage_seconds_total{namespace=${promString(s.namespace)}}[${w}s])`, s, label)})`,
      memory_bytes: (s) => `sum(${ofServicePods(`container_memory_working_set_bytes{namespace=${promString(s.namespace)}}`, s, label)})`,
      restarts: (s, w) => `sum(${ofServicePods(`increase(kube_pod_container_status_restarts_total{namespace=${promString(s.namespace)}}[${w}s])`, s, label)})`,
    },
    edge: {
      call_rate: (e, w) => `sum(rate(${client(e)}[${w}s]))`,
      error_ratio: (e, w) => `(sum(rate(${client(e, ',outcome!="success"')}[${w}s])) or vector(0)) / sum(rate(${client(e)}[${w}s]))`,
      success_rate: outcomeRate("success"),
      server_error_rate: outcomeRate("server_error"),
      connection_refused_rate: outcomeRate("connection_refused"),
      timeout_rate: outcomeRate("timeout"),
      dns_error_rate: outcomeRate("dns_error"),
    },
    pods: {
      desiredReplicas: (s) => deployment("kube_deployment_spec_replicas", s),
      availableReplicas: (s) => deployment("kube_deployment_status_replicas_available", s),
      pods: (s) => `count(max by (namespace, pod)(kube_pod_labels{namespace=${promString(s.namespace)},${label}=${promString(s.service)}}))`,
      notReady: (s) => `sum(${ofServicePods(`(1 - max by (namespace, pod)(kube_pod_status_ready{namespace=${promString(s.namespace)},condition="true"}))`, s, label)})`,
      pending: (s) => `sum(${ofServicePods(`max by (namespace, pod)(kube_pod_status_phase{namespace=${promString(s.namespace)},phase="Pending"})`, s, label)})`,
      waitingByReason: (s) => `sum by (reason)(${ofServicePods(`kube_pod_container_status_waiting_reason{namespace=${promString(s.namespace)}}`, s, label)}) > 0`,
    },
  };
}

/** The defaults with `overrides` laid over them. */
export function resolvePromQl(overrides: PromQlOverrides = {}): PromQlQueries {
  const base = defaultPromQl(overrides.podServiceLabel);
  return {
    podServiceLabel: base.podServiceLabel,
    service: { ...base.service, ...overrides.service },
    edge: { ...base.edge, ...overrides.edge },
    pods: { ...base.pods, ...overrides.pods },
  };
}
