/**
 * The Endpoints controller: for each Service with a selector, the pods it selects, split into
 * ready `addresses` and `notReadyAddresses`, with `targetPort` resolved per pod (a named port
 * only counts on pods whose containers declare it). Services without a selector are left alone:
 * their Endpoints are managed by hand, as on a real cluster.
 */
import { isSimApiError } from "../errors";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { StoreChange } from "../types";
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, Pod, Service, ServicePort } from "./api-types";
import { objectKey } from "./cluster-cache";
import { isPodReady } from "./pod-util";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { WorkQueue } from "./work-queue";

/** The container port a Service port targets on one pod, or undefined when the pod has no such port. */
export function resolveTargetPort(servicePort: ServicePort, pod: Pod): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = servicePort.protocol ?? "TCP";
  for (const container of pod.spec.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? "TCP") === protocol) return port.containerPort;
    }
  }
  return undefined;
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) if (labels?.[key] !== value) return false;
  return true;
}

/** Whether a pod belongs in a Service's endpoints at all (`ShouldPodBeInEndpoints`). */
function shouldBeInEndpoints(pod: Pod, publishNotReady: boolean): boolean {
  if (!pod.status?.podIP) return false;
  const phase = pod.status.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  if (pod.metadata.deletionTimestamp && !publishNotReady) return false;
  return true;
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const pa = a.ip.split(".").map(Number);
  const pb = b.ip.split(".").map(Number);
  for (let i = 0; i < 4; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Compute subsets for a Service from candidate pods: pods sharing the same resolved port set form
 * one subset (`RepackSubsets`), addresses sorted by IP.
 */
export function computeSubsets(service: Service, pods: Pod[]): EndpointSubset[] {
  const ports = service.spec.ports ?? [];
  const publishNotReady = !!service.spec.publishNotReadyAddresses;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!shouldBeInEndpoints(pod, publishNotReady)) continue;
    const resolved: EndpointPort[] = [];
    for (const port of ports) {
      const target = resolveTargetPort(port, pod);
      if (target === undefined) continue;
      const endpointPort: EndpointPort = { port: target, protocol: port.protocol ?? "TCP" };
      if (port.name) endpointPort.name = port.name;
      resolved.push(endpointPort);
    }
    // A pod that exposes none of the Service's ports is left out entirely.
    if (ports.length > 0 && resolved.length === 0) continue;
    const address: EndpointAddress = {
      ip: pod.status!.podIP!,
      targetRef: { kind: "Pod", namespace: pod.metadata.namespace ?? "", name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (pod.spec.nodeName) address.nodeName = pod.spec.nodeName;
    const key = JSON.stringify(resolved);
    let group = groups.get(key);
    if (!group) {
      group = { ports: resolved, ready: [], notReady: [] };
      groups.set(key, group);
    }
    if (isPodReady(pod) || publishNotReady) group.ready.push(address);
    else group.notReady.push(address);
  }
  const subsets: EndpointSubset[] = [];
  for (const group of groups.values()) {
    const subset: EndpointSubset = {};
    if (group.ready.length > 0) subset.addresses = group.ready.sort(compareAddresses);
    if (group.notReady.length > 0) subset.notReadyAddresses = group.notReady.sort(compareAddresses);
    if (group.ports.length > 0) subset.ports = group.ports;
    subsets.push(subset);
  }
  return subsets;
}

/** Keeps Endpoints in step with Services and pods. */
export class EndpointsController implements Reconciler {
  readonly name = "endpoints";
  readonly queue = new WorkQueue();
  /** Endpoints this controller manages (their Service had a selector). */
  private readonly managed = new Set<string>();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    const { resource, object } = change;
    const ns = object.metadata.namespace;
    if (resource === "services" || resource === "endpoints") {
      this.queue.add(objectKey(ns, object.metadata.name));
    } else if (resource === "pods") {
      // Only Services whose selector matches the pod care (before or after the change).
      for (const service of this.deps.cache.list<Service>("services", ns ?? "")) {
        const selector = service.spec?.selector;
        if (selector && Object.keys(selector).length > 0 && selectorMatches(selector, object.metadata.labels)) {
          this.queue.add(objectKey(ns, service.metadata.name));
        }
      }
    }
  }

  reconcile(key: string): void {
    const service = this.deps.cache.getByKey<Service>("services", key);
    const existing = this.deps.cache.getByKey<Endpoints>("endpoints", key);
    if (!service) {
      // Endpoints carry no owner reference, so garbage collection won't remove them: the controller does.
      if (existing && this.managed.has(key)) this.remove(existing);
      this.managed.delete(key);
      return;
    }
    const selector = service.spec.selector;
    if (!selector || Object.keys(selector).length === 0 || service.spec.type === "ExternalName") {
      this.managed.delete(key);
      return;
    }
    this.managed.add(key);
    const pods = this.deps.cache.list<Pod>("pods", service.metadata.namespace ?? "").filter((pod) => selectorMatches(selector, pod.metadata.labels));
    const subsets = computeSubsets(service, pods);
    const labels = { ...(service.metadata.labels ?? {}) };
    if (existing) {
      const currentSubsets = existing.subsets ?? [];
      if (jsonEqual(currentSubsets, subsets) && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
      const next = cloneJson(existing);
      if (subsets.length > 0) next.subsets = subsets;
      else delete next.subsets;
      if (Object.keys(labels).length > 0) next.metadata.labels = labels;
      else delete next.metadata.labels;
      this.write(() => this.deps.store.update("endpoints", next, { fieldManager: CONTROLLER_FIELD_MANAGER }), key);
      return;
    }
    const metadata: Record<string, unknown> = { name: service.metadata.name, namespace: service.metadata.namespace };
    if (Object.keys(labels).length > 0) metadata.labels = labels;
    const created: Record<string, unknown> = { apiVersion: "v1", kind: "Endpoints", metadata };
    if (subsets.length > 0) created.subsets = subsets;
    this.write(() => this.deps.store.create("endpoints", created as never, { fieldManager: CONTROLLER_FIELD_MANAGER }), key);
  }

  private write(action: () => unknown, key: string): void {
    try {
      action();
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      if (error.code === 409) this.queue.addAt(key, this.deps.clock.nowMs() + 1000);
    }
  }

  private remove(endpoints: Endpoints): void {
    try {
      this.deps.store.delete("endpoints", endpoints.metadata.namespace ?? null, endpoints.metadata.name, { fieldManager: CONTROLLER_FIELD_MANAGER });
    } catch (error) {
      if (!isSimApiError(error) || error.code !== 404) throw error;
    }
  }
}
