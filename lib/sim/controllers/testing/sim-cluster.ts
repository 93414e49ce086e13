/**
 * A simulated cluster for controller and kubelet tests: the real store with its bootstrap
 * (3 nodes, system namespaces), the real controllers, and a manual clock moved in whole seconds.
 */
import { SimClock } from "../../clock";
import { SeededRandom } from "../../rng";
import { bootstrapCluster, DEFAULT_NODES, type NodeShape } from "../../store/bootstrap";
import { InMemoryObjectStore } from "../../store/object-store";
import type { K8sObject } from "../../types";
import type { CoreEvent, Deployment, Endpoints, Pod, ReplicaSet } from "../api-types";
import { startControllers, type RunningControllers } from "../index";

export interface TestCluster {
  store: InMemoryObjectStore;
  clock: SimClock;
  controllers: RunningControllers;
  /** Move simulated time forward (in 1s steps, so every tick runs) and settle. */
  advance(seconds: number): void;
  /** Create an object and let controllers react. */
  create<T extends K8sObject>(resource: string, object: Record<string, unknown>): T;
  /** Read-modify-write an object and let controllers react. */
  patch<T extends K8sObject>(resource: string, namespace: string | null, name: string, mutate: (object: T) => void): T;
  remove(resource: string, namespace: string | null, name: string): void;
  pods(namespace: string, labels?: Record<string, string>): Pod[];
  deployment(namespace: string, name: string): Deployment;
  replicaSets(namespace: string, deployment: string): ReplicaSet[];
  endpoints(namespace: string, name: string): Endpoints | undefined;
  /** Events about an object (by name), oldest first. */
  events(namespace: string, involvedName?: string): CoreEvent[];
  /** Run until `done()` holds or `maxSeconds` pass; returns the seconds it took (throws on timeout). */
  until(done: () => boolean, maxSeconds: number, what?: string): number;
  stop(): void;
}

/** `count` worker nodes shaped like the default ones (4 CPU, 16Gi, 110 pods). */
export function workerNodes(count: number): NodeShape[] {
  return Array.from({ length: count }, (_, i) => ({ ...DEFAULT_NODES[i % DEFAULT_NODES.length]!, name: `sim-node-${i + 1}`, internalIp: `10.0.0.${11 + i}` }));
}

/** Start a cluster at a fixed instant with a fixed seed (three nodes unless told otherwise). */
export function createTestCluster(seed = 7, options: { nodes?: number } = {}): TestCluster {
  const clock = new SimClock({ mode: "manual", start: new Date("2025-01-01T00:00:00Z") });
  const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(seed + 1), onListenerError: (error) => { throw error; } });
  bootstrapCluster({ store, clock, rng: new SeededRandom(seed + 2), ...(options.nodes ? { nodes: workerNodes(options.nodes) } : {}) });
  store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
  const controllers = startControllers({ store, clock, rng: new SeededRandom(seed) });
  controllers.reconcileNow();

  const cluster: TestCluster = {
    store,
    clock,
    controllers,
    advance(seconds) {
      for (let i = 0; i < seconds; i++) clock.advance(1000);
      controllers.reconcileNow();
    },
    create<T extends K8sObject>(resource: string, object: Record<string, unknown>): T {
      const created = store.create(resource, object as never) as T;
      controllers.reconcileNow();
      return created;
    },
    patch<T extends K8sObject>(resource: string, namespace: string | null, name: string, mutate: (object: T) => void): T {
      const current = store.get(resource, namespace, name) as T | undefined;
      if (!current) throw new Error(`${resource} ${namespace}/${name} not found`);
      mutate(current);
      const updated = store.update(resource, current) as T;
      controllers.reconcileNow();
      return updated;
    },
    remove(resource, namespace, name) {
      store.delete(resource, namespace, name);
      controllers.reconcileNow();
    },
    pods(namespace, labels) {
      const selector = labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",") : undefined;
      return store.list("pods", namespace, selector ? { labelSelector: selector } : undefined).items as Pod[];
    },
    deployment(namespace, name) {
      const found = store.get("deployments.apps", namespace, name) as Deployment | undefined;
      if (!found) throw new Error(`deployment ${namespace}/${name} not found`);
      return found;
    },
    replicaSets(namespace, deployment) {
      const d = store.get("deployments.apps", namespace, deployment);
      return (store.list("replicasets.apps", namespace).items as ReplicaSet[]).filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d?.metadata.uid));
    },
    endpoints(namespace, name) {
      return store.get("endpoints", namespace, name) as Endpoints | undefined;
    },
    events(namespace, involvedName) {
      const items = store.list("events", namespace).items as CoreEvent[];
      return items
        .filter((e) => !involvedName || e.involvedObject.name === involvedName)
        .sort((a, b) => (a.lastTimestamp < b.lastTimestamp ? -1 : a.lastTimestamp > b.lastTimestamp ? 1 : 0));
    },
    until(done, maxSeconds, what = "condition") {
      for (let s = 0; s <= maxSeconds; s++) {
        controllers.reconcileNow();
        if (done()) return s;
        clock.advance(1000);
      }
      controllers.reconcileNow();
      if (done()) return maxSeconds;
      throw new Error(`timed out after ${maxSeconds}s waiting for ${what}`);
    },
    stop() {
      controllers.stop();
      clock.stop();
    },
  };
  return cluster;
}

/** A minimal Deployment manifest. */
export function deploymentManifest(options: {
  name: string;
  namespace?: string;
  replicas?: number;
  image?: string;
  labels?: Record<string, string>;
  container?: Record<string, unknown>;
  podSpec?: Record<string, unknown>;
  spec?: Record<string, unknown>;
  annotations?: Record<string, string>;
}): Record<string, unknown> {
  const labels = options.labels ?? { app: options.name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: options.name, namespace: options.namespace ?? "shop", ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "app", image: options.image ?? "nginx:1.25", ports: [{ name: "http", containerPort: 80 }], ...(options.container ?? {}) }],
          ...(options.podSpec ?? {}),
        },
      },
      ...(options.spec ?? {}),
    },
  };
}

/** Pod is Ready. */
export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** The state of the first container. */
export function firstContainerState(pod: Pod): { waiting?: string; running?: boolean; terminated?: string; restartCount: number } {
  const status = pod.status?.containerStatuses?.[0];
  return {
    waiting: status?.state.waiting?.reason,
    running: !!status?.state.running,
    terminated: status?.state.terminated?.reason,
    restartCount: status?.restartCount ?? 0,
  };
}
