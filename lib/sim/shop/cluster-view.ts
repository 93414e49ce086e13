/**
 * One tick's read-only snapshot of the live objects the traffic model routes by: Services,
 * Endpoints, pods, NetworkPolicies, chaos and database-fault resources, namespace labels.
 * Read with `scan` (stored objects, no copies): nothing here may mutate them.
 */
import type { Endpoints, Pod, Service } from "../controllers/api-types";
import { isPodReady } from "../controllers/pod-util";
import { RESOURCE_KEYS } from "../resources";
import type { K8sObject, ResourceKey } from "../types";
import { APP_LABEL } from "./topology";

/** The part of the store the view needs (`InMemoryObjectStore` satisfies it). */
export interface ScanningStore {
  scan(resource: ResourceKey, namespace: string | null): { items: readonly K8sObject[] };
}

/** Live state of one namespace, indexed for routing. */
export interface ClusterView {
  namespace: string;
  nowMs: number;
  services: ReadonlyMap<string, Service>;
  endpoints: ReadonlyMap<string, Endpoints>;
  pods: ReadonlyMap<string, Pod>;
  podsByIp: ReadonlyMap<string, Pod>;
  /** Running, ready pods by their `app` label. */
  readyPodsByApp: ReadonlyMap<string, Pod[]>;
  /** Every pod by `app` label (any phase). */
  podsByApp: ReadonlyMap<string, Pod[]>;
  namespaceLabels: ReadonlyMap<string, Record<string, string>>;
  networkPolicies: readonly K8sObject[];
  networkChaos: readonly K8sObject[];
  stressChaos: readonly K8sObject[];
  databaseFaults: readonly K8sObject[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Snapshot the namespace now. */
export function buildClusterView(store: ScanningStore, namespace: string, nowMs: number): ClusterView {
  const services = new Map<string, Service>();
  for (const item of store.scan(RESOURCE_KEYS.services, namespace).items) services.set(item.metadata.name, item as Service);
  const endpoints = new Map<string, Endpoints>();
  for (const item of store.scan(RESOURCE_KEYS.endpoints, namespace).items) endpoints.set(item.metadata.name, item as Endpoints);
  const pods = new Map<string, Pod>();
  const podsByIp = new Map<string, Pod>();
  const readyPodsByApp = new Map<string, Pod[]>();
  const podsByApp = new Map<string, Pod[]>();
  for (const item of store.scan(RESOURCE_KEYS.pods, namespace).items) {
    const pod = item as Pod;
    pods.set(pod.metadata.name, pod);
    if (pod.status?.podIP) podsByIp.set(pod.status.podIP, pod);
    const app = pod.metadata.labels?.[APP_LABEL];
    if (!app) continue;
    push(podsByApp, app, pod);
    if (pod.status?.phase === "Running" && !pod.metadata.deletionTimestamp && isPodReady(pod)) push(readyPodsByApp, app, pod);
  }
  const namespaceLabels = new Map<string, Record<string, string>>();
  for (const item of store.scan(RESOURCE_KEYS.namespaces, null).items) {
    // Kubernetes sets this label on every namespace (namespaceSelector relies on it).
    namespaceLabels.set(item.metadata.name, { "kubernetes.io/metadata.name": item.metadata.name, ...(item.metadata.labels ?? {}) });
  }
  return {
    namespace,
    nowMs,
    services,
    endpoints,
    pods,
    podsByIp,
    readyPodsByApp,
    podsByApp,
    namespaceLabels,
    networkPolicies: store.scan(RESOURCE_KEYS.networkPolicies, namespace).items,
    // Chaos objects may live in another namespace (chaos-testing) and select ours.
    networkChaos: store.scan(RESOURCE_KEYS.networkChaos, null).items,
    stressChaos: store.scan(RESOURCE_KEYS.stressChaos, null).items,
    databaseFaults: store.scan(RESOURCE_KEYS.databaseFaults, namespace).items,
  };
}
