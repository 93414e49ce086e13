/**
 * Turns the traffic model's ticks and the cluster's state into metrics with the names real
 * exporters use: the services' own HTTP server/client instrumentation (OpenTelemetry semantic
 * conventions as Prometheus names), kube-state-metrics for pods and Deployments, cAdvisor for
 * container CPU and memory.
 */
import type { Deployment, Pod } from "../controllers/api-types";
import { RESOURCE_KEYS } from "../resources";
import type { ScanningStore } from "../shop/cluster-view";
import { cumulativeBucketFractions, LATENCY_BUCKETS, mixtureMean } from "../shop/latency";
import { APP_LABEL, SHOP_NAMESPACE, SHOP_SERVICES } from "../shop/topology";
import type { TrafficSnapshot } from "../shop/traffic-model";
import { MetricRegistry } from "./metric-registry";

/** Metric names, shared by the collector, the query API and the alert rules. */
export const METRICS = {
  serverRequests: "http_server_requests_total",
  serverDuration: "http_server_request_duration_seconds",
  clientRequests: "http_client_requests_total",
  restarts: "kube_pod_container_status_restarts_total",
  podReady: "kube_pod_status_ready",
  podPhase: "kube_pod_status_phase",
  podWaiting: "kube_pod_container_status_waiting_reason",
  podLabels: "kube_pod_labels",
  deploymentSpecReplicas: "kube_deployment_spec_replicas",
  deploymentAvailable: "kube_deployment_status_replicas_available",
  cpu: "container_cpu_usage_seconds_total",
  memory: "container_memory_working_set_bytes",
} as const;

const POD_PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] as const;

/** Container usage as the kubelet model reports it (`Kubelet.containerUsages()`). */
export interface ContainerUsageSource {
  containerUsages(): { namespace: string; pod: string; container: string; usage: { memoryBytes: number; cpuMillicores: number } }[];
}

/** Collects the shop's metrics into a registry. */
export class TelemetryCollector {
  readonly registry = new MetricRegistry();
  /** Pods seen by the last cluster pass, for dropping series of gone pods. */
  private livePods = new Set<string>();

  constructor(
    private readonly store: ScanningStore,
    private readonly usage: ContainerUsageSource,
    private readonly namespace = SHOP_NAMESPACE,
  ) {
    const r = this.registry;
    r.define({ name: METRICS.serverRequests, type: "counter", help: "Requests handled by the service, by HTTP status code.", integral: true });
    r.define({ name: METRICS.serverDuration, type: "histogram", help: "Duration of requests handled by the service, in seconds.", integral: true });
    r.define({ name: METRICS.clientRequests, type: "counter", help: "Calls made from one service to another, by outcome.", integral: true });
    r.define({ name: METRICS.restarts, type: "counter", help: "The number of container restarts per container." });
    r.define({ name: METRICS.podReady, type: "gauge", help: "Describes whether the pod is ready to serve requests." });
    r.define({ name: METRICS.podPhase, type: "gauge", help: "The pods current phase." });
    r.define({ name: METRICS.podWaiting, type: "gauge", help: "Describes the reason the container is currently in waiting state." });
    r.define({ name: METRICS.podLabels, type: "gauge", help: "Kubernetes labels converted to Prometheus labels." });
    r.define({ name: METRICS.deploymentSpecReplicas, type: "gauge", help: "Number of desired pods for a deployment." });
    r.define({ name: METRICS.deploymentAvailable, type: "gauge", help: "The number of available replicas per deployment." });
    r.define({ name: METRICS.cpu, type: "counter", help: "Cumulative cpu time consumed in seconds." });
    r.define({ name: METRICS.memory, type: "gauge", help: "Current working set in bytes." });
    // Every service and edge exists from the start, so rates are 0 rather than absent.
    for (const service of SHOP_SERVICES) {
      this.observeService(service.name, new Map([["200", 0]]), [], 0);
      for (const dependency of service.dependencies) r.add(METRICS.clientRequests, { namespace: this.namespace, from: service.name, to: dependency.to, outcome: "success" }, 0);
    }
  }

  private observeService(service: string, byCode: Map<string, number>, latency: Parameters<typeof cumulativeBucketFractions>[0], dtSeconds: number): void {
    const r = this.registry;
    let total = 0;
    for (const [code, rps] of byCode) {
      r.add(METRICS.serverRequests, { namespace: this.namespace, service, code }, rps * dtSeconds);
      total += rps * dtSeconds;
    }
    const fractions = cumulativeBucketFractions(latency);
    let previous = 0;
    LATENCY_BUCKETS.forEach((bound, i) => {
      // Keep buckets monotonic whatever floating point does.
      const fraction = Math.min(1, Math.max(previous, fractions[i] ?? 0));
      previous = fraction;
      r.add(METRICS.serverDuration, { namespace: this.namespace, service, le: String(bound) }, total * fraction, `${METRICS.serverDuration}_bucket`);
    });
    r.add(METRICS.serverDuration, { namespace: this.namespace, service, le: "+Inf" }, total, `${METRICS.serverDuration}_bucket`);
    r.add(METRICS.serverDuration, { namespace: this.namespace, service }, total * mixtureMean(latency), `${METRICS.serverDuration}_sum`);
    r.add(METRICS.serverDuration, { namespace: this.namespace, service }, total, `${METRICS.serverDuration}_count`);
  }

  /** Add one traffic tick's requests and calls. */
  observeTraffic(snapshot: TrafficSnapshot): void {
    for (const service of snapshot.services) this.observeService(service.service, service.byCode, service.latency, snapshot.dtSeconds);
    for (const edge of snapshot.edges) {
      for (const [outcome, rate] of Object.entries(edge.byOutcome)) {
        if (rate <= 0) continue;
        this.registry.add(METRICS.clientRequests, { namespace: this.namespace, from: edge.from, to: edge.to, outcome }, rate * snapshot.dtSeconds);
      }
    }
  }

  /** Refresh kube-state and container metrics; integrate CPU over `dtSeconds`. */
  observeCluster(dtSeconds: number): void {
    const r = this.registry;
    const ns = this.namespace;
    const live = new Set<string>();
    r.retain(METRICS.podWaiting, () => false);
    for (const item of this.store.scan(RESOURCE_KEYS.pods, ns).items) {
      const pod = item as Pod;
      const name = pod.metadata.name;
      live.add(name);
      const ready = pod.status?.conditions?.find((c) => c.type === "Ready")?.status;
      r.set(METRICS.podReady, { namespace: ns, pod: name, condition: "true" }, ready === "True" ? 1 : 0);
      r.set(METRICS.podReady, { namespace: ns, pod: name, condition: "false" }, ready === "False" ? 1 : 0);
      r.set(METRICS.podReady, { namespace: ns, pod: name, condition: "unknown" }, ready === undefined || ready === "Unknown" ? 1 : 0);
      const phase = pod.status?.phase ?? "Pending";
      for (const candidate of POD_PHASES) r.set(METRICS.podPhase, { namespace: ns, pod: name, phase: candidate }, candidate === phase ? 1 : 0);
      r.set(METRICS.podLabels, { namespace: ns, pod: name, label_app: pod.metadata.labels?.[APP_LABEL] ?? "" }, 1);
      for (const status of pod.status?.containerStatuses ?? []) {
        r.set(METRICS.restarts, { namespace: ns, pod: name, container: status.name }, status.restartCount ?? 0);
        const waiting = status.state?.waiting?.reason;
        if (waiting) r.set(METRICS.podWaiting, { namespace: ns, pod: name, container: status.name, reason: waiting }, 1);
      }
    }
    for (const item of this.store.scan(RESOURCE_KEYS.deployments, ns).items) {
      const deployment = item as Deployment;
      r.set(METRICS.deploymentSpecReplicas, { namespace: ns, deployment: deployment.metadata.name }, deployment.spec.replicas ?? 1);
      r.set(METRICS.deploymentAvailable, { namespace: ns, deployment: deployment.metadata.name }, deployment.status?.availableReplicas ?? 0);
    }
    const running = new Set<string>();
    for (const record of this.usage.containerUsages()) {
      if (record.namespace !== ns) continue;
      const labels = { namespace: ns, pod: record.pod, container: record.container };
      running.add(`${record.pod}/${record.container}`);
      r.add(METRICS.cpu, labels, (record.usage.cpuMillicores / 1000) * dtSeconds);
      r.set(METRICS.memory, labels, record.usage.memoryBytes);
    }
    // cAdvisor reports the working set of running containers only.
    r.retain(METRICS.memory, (series) => running.has(`${series.labels.pod}/${series.labels.container}`));
    // Exporters stop reporting objects that are gone.
    if (live.size !== this.livePods.size || [...live].some((p) => !this.livePods.has(p))) {
      for (const family of [METRICS.podReady, METRICS.podPhase, METRICS.podLabels, METRICS.restarts, METRICS.cpu, METRICS.memory]) {
        r.retain(family, (series) => live.has(series.labels.pod ?? ""));
      }
      const deployments = new Set(this.store.scan(RESOURCE_KEYS.deployments, ns).items.map((d) => d.metadata.name));
      for (const family of [METRICS.deploymentSpecReplicas, METRICS.deploymentAvailable]) r.retain(family, (series) => deployments.has(series.labels.deployment ?? ""));
    }
    this.livePods = live;
  }
}
