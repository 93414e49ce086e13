/**
 * The simulated Prometheus' alerting rules, in the spirit of kube-prometheus and the SLO rules
 * teams write for their services. Each rule is an expression evaluated on the stored telemetry
 * (the same samples `/metrics` exposed) plus a `for` duration; the PromQL it stands for is kept
 * with it for the generatorURL and for readers.
 */
import { METRICS } from "../telemetry/collector";
import type { TelemetryQuery } from "../telemetry/query";
import { SHOP_SERVICES } from "../shop/topology";

export type AlertSeverity = "critical" | "warning" | "info";

/** One active element of a rule's result vector. */
export interface RuleSample {
  /** Labels besides alertname and severity (namespace, service, pod, ...). */
  labels: Record<string, string>;
  value: number;
}

/** What a rule sees when evaluated. */
export interface RuleContext {
  query: TelemetryQuery;
  namespace: string;
  atMs: number;
}

/** An alerting rule. */
export interface AlertRule {
  alert: string;
  /** The PromQL expression this rule implements. */
  expr: string;
  forSeconds: number;
  severity: AlertSeverity;
  evaluate(context: RuleContext): RuleSample[];
  summary(sample: RuleSample): string;
  description(sample: RuleSample): string;
  runbookUrl: string;
}

/** Error ratio above which HighErrorRatio fires. */
export const ERROR_RATIO_THRESHOLD = 0.05;
/** Below this request rate (req/s) ratios are noise and the rules stay quiet. */
const MIN_RATE = 0.05;

const RUNBOOKS = "https://runbooks.agentic-sre.dev/alerts";
const KUBE_RUNBOOKS = "https://runbooks.prometheus-operator.dev/runbooks/kubernetes";

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const seconds = (value: number) => (value >= 1 ? `${value.toFixed(2)}s` : `${Math.round(value * 1000)}ms`);

/** The pod -> service map at one instant (from kube_pod_labels). */
function serviceOfPods(context: RuleContext): Map<string, string> {
  const map = new Map<string, string>();
  for (const { labels } of context.query.instantVector(METRICS.podLabels, { namespace: context.namespace }, context.atMs)) map.set(labels.pod ?? "", labels.label_app ?? "");
  return map;
}

/** Every rule, in evaluation order. */
export const ALERT_RULES: readonly AlertRule[] = [
  {
    alert: "HighErrorRatio",
    expr: `sum by (namespace, service) (rate(http_server_requests_total{code=~"5.."}[1m])) / sum by (namespace, service) (rate(http_server_requests_total[1m])) > ${ERROR_RATIO_THRESHOLD}`,
    forSeconds: 60,
    severity: "critical",
    evaluate(context) {
      const out: RuleSample[] = [];
      for (const service of SHOP_SERVICES) {
        const rate = context.query.serviceValue(context.namespace, service.name, "request_rate", context.atMs, 60);
        const ratio = context.query.serviceValue(context.namespace, service.name, "error_ratio", context.atMs, 60);
        if (rate !== undefined && ratio !== undefined && rate >= MIN_RATE && ratio > ERROR_RATIO_THRESHOLD) out.push({ labels: { namespace: context.namespace, service: service.name }, value: ratio });
      }
      return out;
    },
    summary: (s) => `High error ratio on ${s.labels.namespace}/${s.labels.service}`,
    description: (s) => `${percent(s.value)} of the requests to ${s.labels.service} in ${s.labels.namespace} failed with a 5xx status over the last minute (objective: below ${percent(ERROR_RATIO_THRESHOLD)}).`,
    runbookUrl: `${RUNBOOKS}/higherrorratio`,
  },
  {
    alert: "HighLatencyP99",
    expr: "histogram_quantile(0.99, sum by (namespace, service, le) (rate(http_server_request_duration_seconds_bucket[2m]))) > <service p99 objective>",
    forSeconds: 120,
    severity: "warning",
    evaluate(context) {
      const out: RuleSample[] = [];
      for (const service of SHOP_SERVICES) {
        const rate = context.query.serviceValue(context.namespace, service.name, "request_rate", context.atMs, 120);
        const p99 = context.query.serviceValue(context.namespace, service.name, "latency_p99", context.atMs, 120);
        if (rate !== undefined && p99 !== undefined && rate >= MIN_RATE && p99 > service.sloP99Seconds) {
          out.push({ labels: { namespace: context.namespace, service: service.name, slo: seconds(service.sloP99Seconds) }, value: p99 });
        }
      }
      return out;
    },
    summary: (s) => `p99 latency of ${s.labels.namespace}/${s.labels.service} is above its objective`,
    description: (s) => `The 99th percentile of request duration of ${s.labels.service} is ${seconds(s.value)} over the last 2 minutes (objective: ${s.labels.slo}).`,
    runbookUrl: `${RUNBOOKS}/highlatencyp99`,
  },
  {
    alert: "PodCrashLooping",
    expr: 'increase(kube_pod_container_status_restarts_total[5m]) >= 2 or max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
    forSeconds: 60,
    severity: "warning",
    evaluate(context) {
      const services = serviceOfPods(context);
      const out = new Map<string, RuleSample>();
      for (const { labels, value } of context.query.instantVector(METRICS.restarts, { namespace: context.namespace }, context.atMs)) {
        const before = context.query.instantVector(METRICS.restarts, { namespace: context.namespace, pod: labels.pod ?? "", container: labels.container ?? "" }, context.atMs - 300_000)[0]?.value ?? 0;
        if (value - before >= 2) out.set(`${labels.pod}/${labels.container}`, { labels: { namespace: context.namespace, service: services.get(labels.pod ?? "") ?? "", pod: labels.pod ?? "", container: labels.container ?? "" }, value: value - before });
      }
      for (const { labels } of context.query.maxOverTime(METRICS.podWaiting, { namespace: context.namespace, reason: "CrashLoopBackOff" }, context.atMs, 300)) {
        const key = `${labels.pod}/${labels.container}`;
        if (!out.has(key) && services.has(labels.pod ?? "")) out.set(key, { labels: { namespace: context.namespace, service: services.get(labels.pod ?? "") ?? "", pod: labels.pod ?? "", container: labels.container ?? "" }, value: 1 });
      }
      return [...out.values()];
    },
    summary: () => "Pod is crash looping.",
    description: (s) => `Pod ${s.labels.namespace}/${s.labels.pod} (${s.labels.container}) restarted ${s.value} times in the last 5 minutes or is in CrashLoopBackOff.`,
    runbookUrl: `${KUBE_RUNBOOKS}/kubepodcrashlooping`,
  },
  {
    alert: "PodNotReady",
    expr: 'kube_pod_status_ready{condition="true"} == 0 and on (namespace, pod) kube_pod_status_phase{phase=~"Pending|Running|Unknown"} == 1',
    forSeconds: 120,
    severity: "warning",
    evaluate(context) {
      const services = serviceOfPods(context);
      const active = new Set(
        context.query
          .instantVector(METRICS.podPhase, { namespace: context.namespace }, context.atMs)
          .filter((s) => s.value === 1 && s.labels.phase !== "Succeeded" && s.labels.phase !== "Failed")
          .map((s) => s.labels.pod ?? ""),
      );
      return context.query
        .instantVector(METRICS.podReady, { namespace: context.namespace, condition: "true" }, context.atMs)
        .filter((s) => s.value === 0 && active.has(s.labels.pod ?? ""))
        .map((s) => ({ labels: { namespace: context.namespace, service: services.get(s.labels.pod ?? "") ?? "", pod: s.labels.pod ?? "" }, value: 1 }));
    },
    summary: () => "Pod has been in a non-ready state for more than 2 minutes.",
    description: (s) => `Pod ${s.labels.namespace}/${s.labels.pod} has been in a non-ready state for longer than 2 minutes.`,
    runbookUrl: `${KUBE_RUNBOOKS}/kubepodnotready`,
  },
  {
    alert: "DeploymentReplicasMismatch",
    expr: "kube_deployment_spec_replicas != kube_deployment_status_replicas_available",
    forSeconds: 180,
    severity: "warning",
    evaluate(context) {
      const available = new Map(context.query.instantVector(METRICS.deploymentAvailable, { namespace: context.namespace }, context.atMs).map((s) => [s.labels.deployment ?? "", s.value]));
      return context.query
        .instantVector(METRICS.deploymentSpecReplicas, { namespace: context.namespace }, context.atMs)
        .filter((s) => available.get(s.labels.deployment ?? "") !== s.value)
        .map((s) => ({ labels: { namespace: context.namespace, service: s.labels.deployment ?? "", deployment: s.labels.deployment ?? "" }, value: s.value - (available.get(s.labels.deployment ?? "") ?? 0) }));
    },
    summary: () => "Deployment has not matched the expected number of replicas.",
    description: (s) => `Deployment ${s.labels.namespace}/${s.labels.deployment} has ${s.value} fewer available replicas than desired for longer than 3 minutes.`,
    runbookUrl: `${KUBE_RUNBOOKS}/kubedeploymentreplicasmismatch`,
  },
  {
    alert: "NoRequestsReceived",
    expr: "sum by (namespace, to) (rate(http_client_requests_total[2m])) > 0 unless sum by (namespace, service) (rate(http_server_requests_total[2m])) > 0",
    forSeconds: 60,
    severity: "critical",
    evaluate(context) {
      const out: RuleSample[] = [];
      for (const service of SHOP_SERVICES) {
        let attempted = 0;
        for (const caller of SHOP_SERVICES) {
          if (!caller.dependencies.some((d) => d.to === service.name)) continue;
          attempted += context.query.edgeValue(context.namespace, caller.name, service.name, "call_rate", context.atMs, 120) ?? 0;
        }
        attempted += context.query.edgeValue(context.namespace, "loadgenerator", service.name, "call_rate", context.atMs, 120) ?? 0;
        const received = context.query.serviceValue(context.namespace, service.name, "request_rate", context.atMs, 120);
        if (attempted >= MIN_RATE && received !== undefined && received === 0) out.push({ labels: { namespace: context.namespace, service: service.name }, value: attempted });
      }
      return out;
    },
    summary: (s) => `${s.labels.namespace}/${s.labels.service} receives no requests`,
    description: (s) => `Callers tried ${s.value.toFixed(2)} calls/s to ${s.labels.service} over the last 2 minutes, but none reached it.`,
    runbookUrl: `${RUNBOOKS}/norequestsreceived`,
  },
];
