/**
 * ResourceQuota: the admission check that refuses creations over `spec.hard` with the API
 * server's 403 ("exceeded quota: ..., requested: ..., used: ..., limited: ...", or "failed quota:
 * ...: must specify ..."), and the controller that keeps `status.hard` / `status.used` current.
 * Usage is computed from the informer cache, so it is exact even between controller passes.
 */
import { forbidden, isSimApiError } from "../errors";
import { formatResourceQuantity, parseResourceQuantity, tryParseQuantity } from "../quantity";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { AdmissionRequest, K8sObject, ResourceKey, StoreChange } from "../types";
import type { Container, Pod, ResourceList, ResourceQuota, Service } from "./api-types";
import type { ClusterCache } from "./cluster-cache";
import { objectKey } from "./cluster-cache";
import { containerLimit, containerRequest, isTerminalPod } from "./pod-resources";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { WorkQueue } from "./work-queue";

/** Object-count quota names that map to a store resource (`count/<resource>` or the legacy short names). */
const COUNTED: Record<string, ResourceKey> = {
  pods: "pods",
  services: "services",
  configmaps: "configmaps",
  secrets: "secrets",
  "count/pods": "pods",
  "count/services": "services",
  "count/configmaps": "configmaps",
  "count/secrets": "secrets",
  "count/deployments.apps": "deployments.apps",
  "count/replicasets.apps": "replicasets.apps",
  "count/endpoints": "endpoints",
  "count/resourcequotas": "resourcequotas",
};

const COMPUTE = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory", "cpu", "memory"] as const;
type ComputeName = (typeof COMPUTE)[number];

function isCompute(name: string): name is ComputeName {
  return (COMPUTE as readonly string[]).includes(name);
}

function podCountsAgainstQuota(pod: Pod): boolean {
  return !isTerminalPod(pod);
}

/** A pod's contribution to one compute quota resource (init containers: the max, as for scheduling). */
function podCompute(pod: Pod, name: ComputeName): number {
  const kind = name.startsWith("limits.") ? "limit" : "request";
  const resource = name.endsWith("cpu") ? "cpu" : "memory";
  const pick = (c: Container) => (kind === "limit" ? containerLimit(c, resource) : containerRequest(c, resource)) ?? 0;
  let sum = 0;
  for (const c of pod.spec.containers ?? []) sum += pick(c);
  for (const c of pod.spec.initContainers ?? []) sum = Math.max(sum, pick(c));
  return sum;
}

/** Current usage of every resource a quota tracks, in integer units (millicores, bytes, counts). */
export function computeQuotaUsage(cache: ClusterCache, namespace: string, hard: ResourceList, countOther?: (resource: ResourceKey) => number): Record<string, number> {
  const used: Record<string, number> = {};
  const pods = cache.list<Pod>("pods", namespace).filter(podCountsAgainstQuota);
  for (const name of Object.keys(hard)) {
    if (isCompute(name)) used[name] = pods.reduce((sum, pod) => sum + podCompute(pod, name), 0);
    else if (name === "pods" || name === "count/pods") used[name] = pods.length;
    else if (name === "services.loadbalancers" || name === "services.nodeports") {
      const type = name === "services.loadbalancers" ? "LoadBalancer" : "NodePort";
      used[name] = cache.list<Service>("services", namespace).filter((s) => s.spec?.type === type).length;
    } else if (COUNTED[name]) {
      const resource = COUNTED[name];
      used[name] = cache.tracks(resource) ? cache.list(resource, namespace).length : (countOther?.(resource) ?? 0);
    } else used[name] = 0;
  }
  return used;
}

/** What creating this object adds to each tracked resource. */
function requestedUsage(resource: ResourceKey, object: K8sObject, hard: ResourceList): Record<string, number> {
  const requested: Record<string, number> = {};
  for (const name of Object.keys(hard)) {
    if (resource === "pods") {
      const pod = object as Pod;
      if (isCompute(name)) requested[name] = podCompute(pod, name);
      else if (name === "pods" || name === "count/pods") requested[name] = 1;
    } else if (resource === "services" && (name === "services.loadbalancers" || name === "services.nodeports")) {
      const type = (object as Service).spec?.type;
      if ((name === "services.loadbalancers" && type === "LoadBalancer") || (name === "services.nodeports" && type === "NodePort")) requested[name] = 1;
    }
    if (COUNTED[name] === resource && !(resource === "pods" && (name === "pods" || name === "count/pods"))) requested[name] = 1;
  }
  return requested;
}

function prettyPrint(values: Record<string, number>, names: string[]): string {
  return names.map((name) => `${name}=${formatResourceQuantity(name, values[name] ?? 0)}`).join(",");
}

function hardAmounts(hard: ResourceList): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(hard)) {
    if (tryParseQuantity(value) !== undefined) out[name] = parseResourceQuantity(name, value);
  }
  return out;
}

/** Resources a pod must declare for each container because a quota tracks them ("must specify"). */
function missingDeclarations(pod: Pod, hard: ResourceList): string[] {
  const problems: string[] = [];
  const tracked = Object.keys(hard).filter(isCompute).sort();
  for (const name of tracked) {
    const kind = name.startsWith("limits.") ? "limit" : "request";
    const resource = name.endsWith("cpu") ? "cpu" : "memory";
    const missing = (pod.spec.containers ?? [])
      .filter((c) => (kind === "limit" ? containerLimit(c, resource) : containerRequest(c, resource)) === undefined)
      .map((c) => c.name);
    if (missing.length > 0) problems.push(`${name} for: ${missing.join(",")}`);
  }
  return problems;
}

/** Builds the admission hook for a cluster cache. */
export function createQuotaAdmission(cache: ClusterCache, countOther?: (resource: ResourceKey) => number): (request: AdmissionRequest) => void {
  return (request) => {
    if (request.operation !== "CREATE") return;
    const namespace = request.object.metadata.namespace;
    if (!namespace || request.resource === "events") return;
    const quotas = cache.list<ResourceQuota>("resourcequotas", namespace);
    if (quotas.length === 0) return;
    const plural = request.resource.split(".")[0] ?? request.resource;
    const kindPrefix = request.resource.includes(".") ? request.resource : plural;
    const name = request.object.metadata.name || request.object.metadata.generateName || "";
    for (const quota of [...quotas].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      const hard = quota.spec?.hard ?? {};
      if (Object.keys(hard).length === 0) continue;
      if (request.resource === "pods") {
        const pod = request.object as Pod;
        if (isTerminalPod(pod)) continue;
        const missing = missingDeclarations(pod, hard);
        if (missing.length > 0) throw forbidden(`${kindPrefix} "${name}" is forbidden: failed quota: ${quota.metadata.name}: must specify ${missing.join("; ")}`, { name, kind: plural });
      }
      const requested = requestedUsage(request.resource, request.object, hard);
      const names = Object.keys(requested).filter((n) => (requested[n] ?? 0) > 0);
      if (names.length === 0) continue;
      const used = computeQuotaUsage(cache, namespace, hard, countOther);
      const limits = hardAmounts(hard);
      const exceeded = names.filter((n) => limits[n] !== undefined && (used[n] ?? 0) + (requested[n] ?? 0) > (limits[n] as number)).sort();
      if (exceeded.length === 0) continue;
      const hardText = exceeded.map((n) => `${n}=${formatResourceQuantity(n, limits[n] ?? 0)}`).join(",");
      throw forbidden(
        `${kindPrefix} "${name}" is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${hardText}`,
        { name, kind: plural },
      );
    }
  };
}

/** Keeps ResourceQuota status current. */
export class ResourceQuotaController implements Reconciler {
  readonly name = "resourcequota";
  readonly queue = new WorkQueue();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    const { resource, object, type } = change;
    const ns = object.metadata.namespace;
    if (!ns) return;
    if (resource === "resourcequotas") {
      this.queue.add(objectKey(ns, object.metadata.name));
      return;
    }
    if (resource === "events") return;
    if (resource === "pods" && type === "MODIFIED" && !isTerminalPod(object as Pod)) return;
    for (const quota of this.deps.cache.list<ResourceQuota>("resourcequotas", ns)) this.queue.add(objectKey(ns, quota.metadata.name));
  }

  reconcile(key: string): void {
    const quota = this.deps.cache.getByKey<ResourceQuota>("resourcequotas", key);
    if (!quota) return;
    const hard = quota.spec?.hard ?? {};
    const used = computeQuotaUsage(this.deps.cache, quota.metadata.namespace ?? "", hard, (resource) => this.deps.store.list(resource, quota.metadata.namespace ?? null).items.length);
    const usedText: ResourceList = {};
    for (const name of Object.keys(hard)) usedText[name] = formatResourceQuantity(name, used[name] ?? 0);
    const status = { hard: { ...hard }, used: usedText };
    if (jsonEqual(status, quota.status ?? {})) return;
    try {
      this.deps.store.updateStatus("resourcequotas", { ...cloneJson(quota), status }, { fieldManager: CONTROLLER_FIELD_MANAGER });
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      if (error.code === 409) this.queue.addAt(key, this.deps.clock.nowMs() + 1000);
    }
  }
}
