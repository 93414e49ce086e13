import { boundOptionalText, MAX_IDENTIFIER_LENGTH } from "./text-limits";

/** Where an alert runs, as far as its labels tell. */
export interface AlertLocation {
  cluster: string | null;
  namespace: string | null;
  service: string | null;
}

/** Label keys to read each location field from, in order of preference. */
export interface LocationLabelKeys {
  cluster: readonly string[];
  namespace: readonly string[];
  service: readonly string[];
}

/**
 * Prometheus / kube-prometheus conventions. `job` comes late in the service list because it is
 * often the scraper (`kubernetes-pods`, `kube-state-metrics`) rather than the workload.
 */
export const PROMETHEUS_LOCATION_KEYS: LocationLabelKeys = {
  cluster: ["cluster"],
  namespace: ["namespace"],
  service: ["service", "app", "app.kubernetes.io/name", "job", "deployment"],
};

/** Datadog's Kubernetes tag names (from the Agent's autodiscovery) ahead of the plain ones. */
export const DATADOG_LOCATION_KEYS: LocationLabelKeys = {
  cluster: ["kube_cluster_name", "cluster_name", "cluster"],
  namespace: ["kube_namespace", "namespace"],
  service: ["service", "kube_deployment", "kube_service", "app"],
};

function firstLabel(labels: Readonly<Record<string, string>>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = boundOptionalText(labels[key], MAX_IDENTIFIER_LENGTH);
    if (value) return value;
  }
  return null;
}

/** Reads cluster, namespace and service from `labels`, each from the first non-blank key in `keys`. */
export function locationFromLabels(
  labels: Readonly<Record<string, string>>,
  keys: LocationLabelKeys = PROMETHEUS_LOCATION_KEYS,
): AlertLocation {
  return {
    cluster: firstLabel(labels, keys.cluster),
    namespace: firstLabel(labels, keys.namespace),
    service: firstLabel(labels, keys.service),
  };
}
