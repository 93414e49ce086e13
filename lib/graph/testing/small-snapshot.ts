/**
 * A small hand-built namespace for the graph's unit tests: web -> api -> db, api reading a
 * ConfigMap and a Secret, a NetworkPolicy on db, a quota, two nodes. Built as the API would
 * return the objects, so the builder is tested on real shapes.
 */
import type { V1Deployment, V1Endpoints, V1EnvVar, V1Pod, V1ReplicaSet, V1Service } from "@kubernetes/client-node";
import { emptySnapshot, type ClusterSnapshot } from "../../cluster/reads/cluster-snapshot";
import type { CallEdgeMetrics } from "../types";

export const NS = "demo";

function deployment(name: string, env: V1EnvVar[] = [], replicas = 1): V1Deployment {
  return {
    metadata: { name, namespace: NS, uid: `uid-${name}`, annotations: { "deployment.kubernetes.io/revision": "1" } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: `example/${name}:1`, env, ports: [{ containerPort: 8080 }] }] } },
    },
    status: { replicas, availableReplicas: replicas, updatedReplicas: replicas, readyReplicas: replicas },
  };
}

function replicaSet(deploymentName: string, replicas: number): V1ReplicaSet {
  return {
    metadata: { name: `${deploymentName}-1`, namespace: NS, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: deploymentName, uid: `uid-${deploymentName}`, controller: true }], annotations: { "deployment.kubernetes.io/revision": "1" } },
    spec: { replicas, selector: { matchLabels: { app: deploymentName } } },
    status: { replicas, readyReplicas: replicas },
  };
}

function pod(app: string, suffix: string, node: string, ready = true): V1Pod {
  return {
    metadata: { name: `${app}-1-${suffix}`, namespace: NS, labels: { app }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: `${app}-1`, uid: `uid-rs-${app}`, controller: true }] },
    spec: { nodeName: node, containers: [{ name: "app", image: `example/${app}:1`, ports: [{ containerPort: 8080 }] }] },
    status: {
      phase: "Running",
      podIP: `10.0.0.${suffix.charCodeAt(0)}`,
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: [{ name: "app", image: `example/${app}:1`, imageID: "", ready, restartCount: ready ? 0 : 3, started: ready, ...(ready ? { state: { running: {} } } : { state: { waiting: { reason: "CrashLoopBackOff" } } }) }],
    },
  };
}

function service(name: string): V1Service {
  return { metadata: { name, namespace: NS }, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: 8080 as never, protocol: "TCP" }] } };
}

function endpoints(name: string, pods: V1Pod[]): V1Endpoints {
  const address = (p: V1Pod) => ({ ip: p.status?.podIP ?? "", targetRef: { kind: "Pod", name: p.metadata?.name ?? "", namespace: NS } });
  return {
    metadata: { name, namespace: NS },
    subsets: [{ addresses: pods.filter((p) => p.status?.conditions?.[0]?.status === "True").map(address), notReadyAddresses: pods.filter((p) => p.status?.conditions?.[0]?.status !== "True").map(address), ports: [{ port: 8080 }] }],
  };
}

/** The pods of the small namespace, by name. */
export function smallPods(): V1Pod[] {
  return [pod("web", "a", "node-1"), pod("api", "a", "node-1"), pod("api", "b", "node-2", false), pod("db", "a", "node-2")];
}

/** The snapshot: web, api and db with their objects. */
export function smallSnapshot(): ClusterSnapshot {
  const snapshot = emptySnapshot(NS, "2026-03-01T10:00:00.000Z");
  const pods = smallPods();
  snapshot.pods = pods;
  snapshot.deployments = [
    deployment("web"),
    deployment("api", [
      { name: "MODE", valueFrom: { configMapKeyRef: { name: "api-config", key: "MODE" } } },
      { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "api-secret", key: "password" } } },
    ], 2),
    deployment("db"),
  ];
  snapshot.replicaSets = [replicaSet("web", 1), replicaSet("api", 2), replicaSet("db", 1)];
  snapshot.services = [service("web"), service("api"), service("db")];
  snapshot.endpoints = ["web", "api", "db"].map((name) => endpoints(name, pods.filter((p) => p.metadata?.labels?.app === name)));
  snapshot.configMaps = [{ name: "api-config", keys: ["MODE"] }];
  snapshot.secrets = [{ name: "api-secret", keys: ["password"], type: "Opaque" }];
  snapshot.networkPolicies = [{ metadata: { name: "db-ingress", namespace: NS }, spec: { podSelector: { matchLabels: { app: "db" } }, policyTypes: ["Ingress"], ingress: [{ _from: [{ podSelector: { matchLabels: { app: "api" } } }] }] } }];
  snapshot.resourceQuotas = [{ metadata: { name: "compute", namespace: NS }, spec: { hard: { pods: "10" } }, status: { hard: { pods: "10" }, used: { pods: "4" } } }];
  snapshot.nodes = ["node-1", "node-2"].map((name) => ({ metadata: { name, labels: { zone: name === "node-1" ? "a" : "b" } }, status: { conditions: [{ type: "Ready", status: "True" }] } }));
  return snapshot;
}

/** Calls seen in telemetry: web -> api failing, api -> db healthy. */
export const SMALL_CALLS: CallEdgeMetrics[] = [
  { from: "web", to: "api", callRate: 5, errorRatio: 0.4 },
  { from: "api", to: "db", callRate: 9, errorRatio: 0 },
];
