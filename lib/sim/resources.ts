/**
 * The resource types the simulated API server serves: one row per resource, used by the store
 * (keys), the HTTP router (URL segments), discovery (kubectl's REST mapping) and tables.
 */
import type { ResourceKey, ResourceType } from "./types";

/** A served resource with what discovery and the HTTP layer need beyond `ResourceType`. */
export interface ServedResource extends ResourceType {
  /** Store key: `plural` for core, `plural.group` otherwise. */
  key: ResourceKey;
  /** `kubectl get all` expands the `all` category from discovery. */
  categories?: string[];
  /**
   * Custom resources (CRD-like): the real API server refuses strategic merge patch for them
   * (415) because they have no Go struct with patch strategy tags.
   */
  custom?: boolean;
  /**
   * Set on an additional served version of a resource stored in another version (autoscaling/v1
   * HorizontalPodAutoscaler, stored as v2): the HTTP layer converts on the way in and out.
   */
  servedOnly?: boolean;
}

/** Every verb of an ordinary read-write resource, in the order discovery lists them. */
const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

function row(r: Omit<ServedResource, "key" | "listKind" | "verbs"> & { listKind?: string; verbs?: string[] }): ServedResource {
  return {
    ...r,
    key: r.group ? `${r.plural}.${r.group}` : r.plural,
    listKind: r.listKind ?? `${r.kind}List`,
    verbs: r.verbs ?? ALL_VERBS,
  };
}

/** The table of served resources. Order is discovery order. */
export const RESOURCES: readonly ServedResource[] = [
  row({ group: "", version: "v1", kind: "Namespace", plural: "namespaces", singular: "namespace", namespaced: false, shortNames: ["ns"], subresources: ["status"], verbs: ["create", "delete", "get", "list", "patch", "update", "watch"] }),
  row({ group: "", version: "v1", kind: "Node", plural: "nodes", singular: "node", namespaced: false, shortNames: ["no"], subresources: ["status"] }),
  row({ group: "", version: "v1", kind: "Pod", plural: "pods", singular: "pod", namespaced: true, shortNames: ["po"], subresources: ["status", "log"], categories: ["all"] }),
  row({ group: "", version: "v1", kind: "Service", plural: "services", singular: "service", namespaced: true, shortNames: ["svc"], subresources: ["status"], categories: ["all"], verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] }),
  row({ group: "", version: "v1", kind: "Endpoints", plural: "endpoints", singular: "endpoints", namespaced: true, shortNames: ["ep"] }),
  row({ group: "", version: "v1", kind: "ConfigMap", plural: "configmaps", singular: "configmap", namespaced: true, shortNames: ["cm"] }),
  row({ group: "", version: "v1", kind: "Secret", plural: "secrets", singular: "secret", namespaced: true }),
  row({ group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", singular: "resourcequota", namespaced: true, shortNames: ["quota"], subresources: ["status"] }),
  row({ group: "", version: "v1", kind: "Event", plural: "events", singular: "event", namespaced: true, shortNames: ["ev"] }),
  row({ group: "", version: "v1", kind: "ServiceAccount", plural: "serviceaccounts", singular: "serviceaccount", namespaced: true, shortNames: ["sa"] }),
  row({ group: "apps", version: "v1", kind: "Deployment", plural: "deployments", singular: "deployment", namespaced: true, shortNames: ["deploy"], subresources: ["status", "scale"], categories: ["all"] }),
  row({ group: "apps", version: "v1", kind: "ReplicaSet", plural: "replicasets", singular: "replicaset", namespaced: true, shortNames: ["rs"], subresources: ["status", "scale"], categories: ["all"] }),
  row({ group: "coordination.k8s.io", version: "v1", kind: "Lease", plural: "leases", singular: "lease", namespaced: true }),
  row({ group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy", plural: "networkpolicies", singular: "networkpolicy", namespaced: true, shortNames: ["netpol"] }),
  row({ group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers", singular: "horizontalpodautoscaler", namespaced: true, shortNames: ["hpa"], subresources: ["status"], categories: ["all"] }),
  // `kubectl autoscale` still creates autoscaling/v1 objects; stored as v2 like on a real cluster.
  row({ group: "autoscaling", version: "v1", kind: "HorizontalPodAutoscaler", plural: "horizontalpodautoscalers", singular: "horizontalpodautoscaler", namespaced: true, shortNames: ["hpa"], subresources: ["status"], categories: ["all"], servedOnly: true }),
  row({ group: "chaos-mesh.org", version: "v1alpha1", kind: "NetworkChaos", plural: "networkchaos", singular: "networkchaos", namespaced: true, subresources: ["status"], categories: ["chaos-mesh"], custom: true }),
  row({ group: "chaos-mesh.org", version: "v1alpha1", kind: "StressChaos", plural: "stresschaos", singular: "stresschaos", namespaced: true, subresources: ["status"], categories: ["chaos-mesh"], custom: true }),
  row({ group: "faults.agentic-sre.dev", version: "v1alpha1", kind: "DatabaseFault", plural: "databasefaults", singular: "databasefault", namespaced: true, shortNames: ["dbfault"], subresources: ["status"], custom: true }),
];

/** Storage versions by key (a servedOnly row shares its key with the stored version). */
const byKey = new Map(RESOURCES.filter((r) => !r.servedOnly).map((r) => [r.key, r]));
const byGroupVersionPlural = new Map(RESOURCES.map((r) => [`${r.group}/${r.version}/${r.plural}`, r]));
const byApiVersionKind = new Map(RESOURCES.map((r) => [`${apiVersionOf(r)}/${r.kind}`, r]));

/** Store key of a resource type: `pods`, `deployments.apps`. */
export function resourceKeyOf(type: Pick<ResourceType, "group" | "plural">): ResourceKey {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** `v1` for core, `apps/v1` otherwise. */
export function apiVersionOf(type: Pick<ResourceType, "group" | "version">): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The resource served under a store key, or undefined. */
export function resourceByKey(key: ResourceKey): ServedResource | undefined {
  return byKey.get(key);
}

/** Like `resourceByKey`, but an unknown key is a programming error. */
export function requireResource(key: ResourceKey): ServedResource {
  const found = byKey.get(key);
  if (!found) throw new Error(`unknown resource "${key}"`);
  return found;
}

/** The resource at `/api/v1/<plural>` (group "") or `/apis/<group>/<version>/<plural>`. */
export function resourceByPath(group: string, version: string, plural: string): ServedResource | undefined {
  return byGroupVersionPlural.get(`${group}/${version}/${plural}`);
}

/** The resource whose objects have this apiVersion and kind. */
export function resourceByKind(apiVersion: string, kind: string): ServedResource | undefined {
  return byApiVersionKind.get(`${apiVersion}/${kind}`);
}

/** Well-known store keys, so that callers do not spell them by hand. */
export const RESOURCE_KEYS = {
  namespaces: "namespaces",
  nodes: "nodes",
  pods: "pods",
  services: "services",
  endpoints: "endpoints",
  configMaps: "configmaps",
  secrets: "secrets",
  resourceQuotas: "resourcequotas",
  events: "events",
  serviceAccounts: "serviceaccounts",
  deployments: "deployments.apps",
  replicaSets: "replicasets.apps",
  leases: "leases.coordination.k8s.io",
  networkPolicies: "networkpolicies.networking.k8s.io",
  horizontalPodAutoscalers: "horizontalpodautoscalers.autoscaling",
  networkChaos: "networkchaos.chaos-mesh.org",
  stressChaos: "stresschaos.chaos-mesh.org",
  databaseFaults: "databasefaults.faults.agentic-sre.dev",
} as const satisfies Record<string, ResourceKey>;
