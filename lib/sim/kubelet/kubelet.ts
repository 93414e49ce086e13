/**
 * The kubelets of every simulated node in one object: picks up pods bound to a node, runs them
 * through `PodRuntime`, writes their status, serves their logs, and exposes what the next layers
 * need (container usage for metrics, connection checks for traffic, log append for app output).
 */
import { isSimApiError } from "../errors";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { K8sObject, PodLogOptions, PodLogSource, StoreChange } from "../types";
import type { ConfigMap, Node, Pod, Secret } from "../controllers/api-types";
import { objectKey } from "../controllers/cluster-cache";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "../controllers/reconciler";
import { WorkQueue } from "../controllers/work-queue";
import { PodIpAllocator } from "./pod-ip";
import { PodRuntime, type LifecycleServices } from "./pod-lifecycle";
import { readPodLog } from "./pod-log-reader";
import { buildPodStatus } from "./pod-status";
import type { HttpResponder } from "./probes";
import type { ContainerUsage, PodResourceModel } from "./resource-model";

/** Usage of one running container, for metrics. */
export interface ContainerUsageRecord {
  namespace: string;
  pod: string;
  podUid: string;
  container: string;
  nodeName: string;
  usage: ContainerUsage;
  restartCount: number;
}

/** Result of a simulated TCP connect to a pod IP. */
export type ConnectResult = "connected" | "refused" | "unreachable";

/** Runs pods on the simulated nodes. */
export class Kubelet implements Reconciler, PodLogSource {
  readonly name = "kubelet";
  readonly queue = new WorkQueue();
  private readonly runtimes = new Map<string, PodRuntime>();
  private readonly byIp = new Map<string, string>();
  private readonly ips = new PodIpAllocator();
  private readonly nodeImages = new Map<string, Set<string>>();
  /** resourceVersion of our own last status write per pod: its echo needs no sync. */
  private readonly ownWrites = new Map<string, string>();
  private model: PodResourceModel | undefined;
  private responder: HttpResponder | undefined;
  private readonly services: LifecycleServices;

  constructor(private readonly deps: ControllerDeps) {
    const cache = deps.cache;
    this.services = {
      nowMs: () => deps.clock.nowMs(),
      rng: deps.rng,
      events: deps.events,
      config: {
        configMap: (ns, name) => cache.get<ConfigMap>("configmaps", ns, name),
        secret: (ns, name) => cache.get<Secret>("secrets", ns, name),
      },
      imageCache: {
        has: (node, image) => this.nodeImages.get(node)?.has(image) ?? false,
        add: (node, image) => {
          let images = this.nodeImages.get(node);
          if (!images) {
            images = new Set();
            this.nodeImages.set(node, images);
          }
          images.add(image);
        },
      },
      resourceModel: () => this.model,
      httpResponder: () => this.responder,
    };
    for (const node of cache.list<Node>("nodes").sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
      this.ips.registerNode(node.metadata.name, node.spec?.podCIDR);
    }
    for (const pod of cache.list<Pod>("pods")) {
      if (pod.spec.nodeName) this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name));
    }
  }

  /** Install (or remove) the model that adds load-driven usage and leaks on top of image baselines. */
  setResourceModel(model: PodResourceModel | undefined): void {
    this.model = model;
  }

  /**
   * Install (or remove) application-level HTTP answers for probes, e.g. `/readyz` returning 503
   * while the database refuses the service's user.
   */
  setHttpResponder(responder: HttpResponder | undefined): void {
    this.responder = responder;
  }

  onChange(change: StoreChange): void {
    const { resource, object } = change;
    if (resource === "pods") {
      const key = objectKey(object.metadata.namespace, object.metadata.name);
      if (change.type !== "DELETED" && this.ownWrites.get(key) === object.metadata.resourceVersion) return;
      if ((object as Pod).spec?.nodeName || this.runtimes.has(key)) this.queue.add(key);
    } else if (resource === "configmaps" || resource === "secrets") {
      // Pods waiting for configuration retry as soon as it appears or changes.
      const prefix = `${object.metadata.namespace}/`;
      for (const [key, runtime] of this.runtimes) {
        if (key.startsWith(prefix) && runtime.retryConfigNow()) this.queue.add(key);
      }
    } else if (resource === "nodes" && change.type === "ADDED") {
      this.ips.registerNode(object.metadata.name, (object as Node).spec?.podCIDR);
    }
  }

  onTick(nowMs: number): void {
    for (const [key, runtime] of this.runtimes) {
      if (runtime.wakeAtMs <= nowMs || runtime.overMemoryLimit(this.services)) this.queue.add(key);
    }
  }

  reconcile(key: string): void {
    const pod = this.deps.cache.getByKey<Pod>("pods", key);
    let runtime = this.runtimes.get(key);
    if (runtime && (!pod || pod.metadata.uid !== runtime.uid)) {
      runtime.stopAll(undefined, this.services);
      this.forget(key, runtime);
      runtime = undefined;
    }
    if (!pod || !pod.spec.nodeName) return;
    if (pod.metadata.deletionTimestamp) {
      runtime?.stopAll(pod, this.services);
      return;
    }
    if (!runtime) {
      if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return;
      runtime = this.admit(pod);
      this.runtimes.set(key, runtime);
      this.byIp.set(runtime.podIP, key);
    }
    const changed = runtime.sync(pod, this.services);
    // Build and compare the status only when something moved or someone else changed the pod.
    if (changed || this.ownWrites.get(key) !== pod.metadata.resourceVersion) this.writeStatus(key, pod, runtime);
  }

  private admit(pod: Pod): PodRuntime {
    const nodeName = pod.spec.nodeName!;
    const node = this.deps.cache.get<Node>("nodes", null, nodeName);
    const hostIP = node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? `192.168.49.${10 + (Number(/(\d+)$/.exec(nodeName)?.[1] ?? 0) % 200)}`;
    let podIP: string;
    const resumed = !!pod.status?.podIP;
    if (pod.spec.hostNetwork) podIP = hostIP;
    else if (pod.status?.podIP) {
      // A pod already running when the kubelet (re)starts keeps its address.
      podIP = pod.status.podIP;
      this.ips.reserve(nodeName, podIP);
    } else podIP = this.ips.allocate(nodeName) ?? "10.244.255.254";
    const startTime = pod.status?.startTime ? Date.parse(pod.status.startTime) : this.deps.clock.nowMs();
    const now = this.deps.clock.nowMs();
    return new PodRuntime(pod, { nodeName, nodeUid: node?.metadata.uid, hostIP, podIP, nowMs: Number.isNaN(startTime) ? now : startTime, ...(resumed ? { sandboxReadyAtMs: now } : {}) });
  }

  private forget(key: string, runtime: PodRuntime): void {
    this.runtimes.delete(key);
    this.ownWrites.delete(key);
    if (this.byIp.get(runtime.podIP) === key) this.byIp.delete(runtime.podIP);
    if (runtime.podIP !== runtime.hostIP) this.ips.release(runtime.nodeName, runtime.podIP);
  }

  private writeStatus(key: string, pod: Pod, runtime: PodRuntime): void {
    const status = buildPodStatus(pod, runtime, this.deps.clock.nowMs());
    if (jsonEqual(status, pod.status ?? {})) {
      this.ownWrites.set(key, pod.metadata.resourceVersion);
      return;
    }
    try {
      const written = this.deps.store.updateStatus("pods", { ...(cloneJson(pod) as K8sObject), status }, { fieldManager: CONTROLLER_FIELD_MANAGER });
      this.ownWrites.set(key, written.metadata.resourceVersion);
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      if (error.code === 409) this.queue.add(key);
    }
    if (status.phase === "Succeeded" || status.phase === "Failed") runtime.wakeAtMs = Infinity;
  }

  // ---- services for other layers -----------------------------------------------------------

  /** `pods/log`. */
  read(namespace: string, pod: string, options: PodLogOptions): string {
    const key = objectKey(namespace, pod);
    return readPodLog({
      pod: this.deps.cache.getByKey<Pod>("pods", key),
      podName: pod,
      runtime: this.runtimes.get(key),
      options,
      nowMs: this.deps.clock.nowMs(),
    });
  }

  /**
   * Append application output to a running container's log (one or more lines), stamped now.
   * Returns false when the container is not running (the line would go nowhere).
   */
  appendLog(namespace: string, pod: string, container: string, text: string): boolean {
    const runtime = this.runtimes.get(objectKey(namespace, pod));
    const c = runtime?.container(container);
    if (!c || c.stage.kind !== "running") return false;
    c.logs.byContainerId(c.stage.instance.containerId)?.append(this.deps.clock.nowMs(), text);
    return true;
  }

  /** Current usage of every running container. */
  containerUsages(): ContainerUsageRecord[] {
    const out: ContainerUsageRecord[] = [];
    for (const runtime of this.runtimes.values()) {
      for (const c of runtime.containers) {
        const usage = runtime.usage(c, this.services);
        if (!usage) continue;
        out.push({ namespace: runtime.namespace, pod: runtime.name, podUid: runtime.uid, container: c.name, nodeName: runtime.nodeName, usage, restartCount: c.restartCount });
      }
    }
    return out;
  }

  /** Usage of one container, when it runs. */
  containerUsage(namespace: string, pod: string, container: string): ContainerUsage | undefined {
    const runtime = this.runtimes.get(objectKey(namespace, pod));
    const c = runtime?.container(container);
    return runtime && c ? runtime.usage(c, this.services) : undefined;
  }

  /** A TCP connect to `ip:port` as a client in the cluster would see it. */
  connect(ip: string, port: number): ConnectResult {
    const key = this.byIp.get(ip);
    const runtime = key ? this.runtimes.get(key) : undefined;
    if (!runtime || runtime.stopped || !runtime.sandboxReady(this.deps.clock.nowMs())) return "unreachable";
    return runtime.isListening(port) ? "connected" : "refused";
  }

  /** Number of pods the kubelets run. */
  get podCount(): number {
    return this.runtimes.size;
  }
}
