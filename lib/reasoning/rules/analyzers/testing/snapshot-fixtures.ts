/**
 * Hand-built cluster objects for analyzer tests: the shapes a real API server returns, with only
 * the fields the analyzers read, and sensible defaults (healthy unless told otherwise).
 */
import type { CoreV1Event, V1Container, V1ContainerStatus, V1Deployment, V1Pod, V1PodSpec, V1ReplicaSet, V1Service, V1Endpoints } from "@kubernetes/client-node";
import { emptySnapshot, type ClusterSnapshot } from "../../../../cluster/reads/cluster-snapshot";

export const NS = "shop";
export const NOW = "2026-03-01T12:00:00.000Z";

/** A snapshot of namespace `shop` at NOW with the given parts. */
export function snapshot(parts: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { ...emptySnapshot(NS, NOW), ...parts };
}

/** A container spec listening on 8080. */
export function container(overrides: Partial<V1Container> = {}): V1Container {
  return { name: "app", image: "ghcr.io/agentic-sre/shop-cart:1.0.0", ports: [{ containerPort: 8080, name: "http" }], ...overrides };
}

/** A running, ready container status. */
export function runningStatus(overrides: Partial<V1ContainerStatus> = {}): V1ContainerStatus {
  return { name: "app", image: "ghcr.io/agentic-sre/shop-cart:1.0.0", imageID: "", ready: true, restartCount: 0, started: true, state: { running: { startedAt: new Date("2026-03-01T11:00:00Z") } }, ...overrides };
}

export interface PodOptions {
  app?: string;
  phase?: string;
  ready?: boolean;
  statuses?: V1ContainerStatus[];
  spec?: Partial<V1PodSpec>;
  replicaSet?: string;
  node?: string | null;
}

/** A pod of app `app` (default: cart), owned by ReplicaSet `<app>-7d9f`. */
export function pod(name: string, options: PodOptions = {}): V1Pod {
  const app = options.app ?? "cart";
  const ready = options.ready ?? true;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: NS, labels: { app, "pod-template-hash": "7d9f" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: options.replicaSet ?? `${app}-7d9f`, uid: `rs-${app}`, controller: true }], creationTimestamp: new Date("2026-03-01T11:00:00Z") },
    spec: { containers: [container()], ...(options.node === null ? {} : { nodeName: options.node ?? "sim-node-1" }), ...(options.spec ?? {}) },
    status: {
      phase: options.phase ?? "Running",
      podIP: "10.244.1.5",
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: options.statuses ?? [runningStatus({ ready })],
    },
  };
}

/** A Deployment of app `name`. */
export function deployment(name: string, overrides: { replicas?: number; available?: number; conditions?: NonNullable<V1Deployment["status"]>["conditions"]; containers?: V1Container[]; revision?: string } = {}): V1Deployment {
  const replicas = overrides.replicas ?? 2;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS, uid: `deploy-${name}`, annotations: { "deployment.kubernetes.io/revision": overrides.revision ?? "1" } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: overrides.containers ?? [container()] } } },
    status: { replicas, readyReplicas: overrides.available ?? replicas, availableReplicas: overrides.available ?? replicas, updatedReplicas: replicas, conditions: overrides.conditions ?? [{ type: "Available", status: "True", reason: "MinimumReplicasAvailable" }] },
  };
}

/** A ReplicaSet of Deployment `deploymentName` at a revision. */
export function replicaSet(name: string, deploymentName: string, options: { revision: number; createdAt: string; containers?: V1Container[]; replicas?: number; current?: number; changeCause?: string }): V1ReplicaSet {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name,
      namespace: NS,
      creationTimestamp: new Date(options.createdAt),
      annotations: { "deployment.kubernetes.io/revision": String(options.revision), ...(options.changeCause ? { "kubernetes.io/change-cause": options.changeCause } : {}) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: deploymentName, uid: `deploy-${deploymentName}`, controller: true }],
    },
    spec: { replicas: options.replicas ?? 2, selector: { matchLabels: { app: deploymentName } }, template: { metadata: { labels: { app: deploymentName, "pod-template-hash": name.split("-").at(-1) ?? "" } }, spec: { containers: options.containers ?? [container()] } } },
    status: { replicas: options.current ?? options.replicas ?? 2 },
  };
}

/** A ClusterIP Service selecting `app=<selectorApp>` port 80 -> targetPort. */
export function service(name: string, options: { selectorApp?: string; targetPort?: number | string } = {}): V1Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: NS }, spec: { selector: { app: options.selectorApp ?? name }, ports: [{ port: 80, targetPort: (options.targetPort ?? 8080) as never, protocol: "TCP" }] } };
}

/** Endpoints with the given ready and not-ready pods. */
export function endpoints(name: string, ready: string[], notReady: string[] = []): V1Endpoints {
  const address = (pod: string, i: number) => ({ ip: `10.244.1.${10 + i}`, targetRef: { kind: "Pod", name: pod, namespace: NS } });
  return { apiVersion: "v1", kind: "Endpoints", metadata: { name, namespace: NS }, subsets: ready.length || notReady.length ? [{ addresses: ready.map(address), notReadyAddresses: notReady.map(address), ports: [{ port: 8080 }] }] : [] };
}

/** An event about an object. */
export function event(kind: string, name: string, reason: string, message: string, options: { type?: string; count?: number; at?: string } = {}): CoreV1Event {
  const at = new Date(options.at ?? "2026-03-01T11:59:00Z");
  return { metadata: { name: `${name}.${reason}`, namespace: NS }, involvedObject: { kind, name, namespace: NS }, reason, message, type: options.type ?? "Warning", count: options.count ?? 1, firstTimestamp: at, lastTimestamp: at };
}
