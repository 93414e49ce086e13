/**
 * Pod health of one service from kube-state-metrics samples (as scraped from `/metrics`):
 * the Deployment named like the service for desired and available replicas, the pods carrying
 * the service's app label for readiness, phase and waiting reasons.
 */
import type { ExpositionSample } from "./prometheus-text";
import type { PodHealth } from "./types";

/** Options of `podHealthFromSamples`. */
export interface PodHealthFromSamplesOptions {
  namespace: string;
  service: string;
  /** Label of `kube_pod_labels` that names the service (kube-state-metrics prefixes pod labels with `label_`). */
  appLabel?: string;
}

/** Summarize the pods and Deployment of one service. */
export function podHealthFromSamples(samples: readonly ExpositionSample[], options: PodHealthFromSamplesOptions): PodHealth {
  const { namespace, service } = options;
  const appLabel = options.appLabel ?? "label_app";
  const inNamespace = samples.filter((s) => s.labels.namespace === namespace);
  const pods = new Set(inNamespace.filter((s) => s.name === "kube_pod_labels" && s.labels[appLabel] === service && s.value === 1).map((s) => s.labels.pod ?? ""));
  const ofPods = inNamespace.filter((s) => pods.has(s.labels.pod ?? ""));

  const ready = new Set(ofPods.filter((s) => s.name === "kube_pod_status_ready" && s.labels.condition === "true" && s.value === 1).map((s) => s.labels.pod));
  const pending = new Set(ofPods.filter((s) => s.name === "kube_pod_status_phase" && s.labels.phase === "Pending" && s.value === 1).map((s) => s.labels.pod));
  const waitingReasons: Record<string, number> = {};
  for (const s of ofPods) {
    if (s.name !== "kube_pod_container_status_waiting_reason" || s.value !== 1) continue;
    const reason = s.labels.reason ?? "Unknown";
    waitingReasons[reason] = (waitingReasons[reason] ?? 0) + 1;
  }
  const deploymentValue = (name: string): number | null => {
    const sample = inNamespace.find((s) => s.name === name && s.labels.deployment === service);
    return sample && Number.isFinite(sample.value) ? sample.value : null;
  };
  return {
    desiredReplicas: deploymentValue("kube_deployment_spec_replicas"),
    availableReplicas: deploymentValue("kube_deployment_status_replicas_available"),
    pods: pods.size,
    notReady: pods.size - ready.size,
    pending: pending.size,
    crashLooping: waitingReasons.CrashLoopBackOff ?? 0,
    waitingReasons,
  };
}
