/**
 * A real simulated cluster for the action tests: the simulator's API server on loopback with its
 * controllers, a manual clock the test moves in whole seconds, and the app's own clients.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClusterClients } from "../../client";
import { loadKubeConfig } from "../../kubeconfig";
import { createSimulator, type Simulator } from "../../../sim/simulator";
import type { K8sObject } from "../../../sim/types";
import type { ActionContext } from "../types";

export const NS = "shop";

export interface ActionTestCluster {
  sim: Simulator;
  ctx: ActionContext;
  /** Move simulated time (1 s steps) and let the controllers act. */
  advance(seconds: number): void;
  /** Step until `done()` holds; throws after `maxSeconds` of simulated time. */
  until(done: () => boolean, maxSeconds: number, what: string): void;
  create<T extends K8sObject>(resource: string, object: Record<string, unknown>): T;
  get<T extends K8sObject>(resource: string, name: string): T | undefined;
  /** Read-modify-write in the store (another actor changing the cluster). */
  mutate<T extends K8sObject>(resource: string, name: string, change: (object: T) => void): T;
  pods(labels?: Record<string, string>): K8sObject[];
  stop(): Promise<void>;
}

export async function startActionTestCluster(seed = 5): Promise<ActionTestCluster> {
  const dir = mkdtempSync(join(tmpdir(), "cluster-actions-"));
  const sim = createSimulator({ seed, port: 0, kubeconfigPath: join(dir, "kubeconfig"), clock: { mode: "manual", start: new Date("2026-01-01T00:00:00Z") } });
  await sim.start();
  sim.store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NS } });
  const ctx: ActionContext = { clients: createClusterClients(loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath })) };
  const settle = () => sim.controllers?.reconcileNow();
  const cluster: ActionTestCluster = {
    sim,
    ctx,
    advance(seconds) {
      for (let i = 0; i < seconds; i++) {
        sim.clock.advance(1000);
        settle();
      }
    },
    until(done, maxSeconds, what) {
      for (let s = 0; s <= maxSeconds; s++) {
        settle();
        if (done()) return;
        sim.clock.advance(1000);
      }
      throw new Error(`timed out after ${maxSeconds}s (simulated) waiting for ${what}`);
    },
    create<T extends K8sObject>(resource: string, object: Record<string, unknown>) {
      const created = sim.store.create(resource, object as never) as T;
      settle();
      return created;
    },
    get<T extends K8sObject>(resource: string, name: string) {
      return sim.store.get(resource, NS, name) as T | undefined;
    },
    mutate<T extends K8sObject>(resource: string, name: string, change: (object: T) => void) {
      const current = sim.store.get(resource, NS, name) as T | undefined;
      if (!current) throw new Error(`${resource} ${name} not found`);
      change(current);
      const updated = sim.store.update(resource, current) as T;
      settle();
      return updated;
    },
    pods(labels) {
      const selector = labels ? Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(",") : undefined;
      return sim.store.list("pods", NS, selector ? { labelSelector: selector } : undefined).items;
    },
    async stop() {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Pod is Ready. */
export function isReady(pod: K8sObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

/** Pods with this label that are Ready and not being deleted. */
export function readyPods(cluster: ActionTestCluster, labels: Record<string, string>): K8sObject[] {
  return cluster.pods(labels).filter((p) => isReady(p) && !p.metadata.deletionTimestamp);
}

/** A Deployment manifest (2 replicas of nginx:1.25 unless told otherwise). */
export function deployment(name: string, options: { replicas?: number; image?: string; env?: { name: string; value: string }[]; podSpec?: Record<string, unknown> } = {}): Record<string, unknown> {
  const labels = { app: name };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS },
    spec: {
      replicas: options.replicas ?? 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: "app", image: options.image ?? "nginx:1.25", ports: [{ name: "http", containerPort: 80 }], ...(options.env ? { env: options.env } : {}) }],
          ...(options.podSpec ?? {}),
        },
      },
    },
  };
}

/** A ClusterIP Service selecting `app: <selector>`. */
export function service(name: string, selector = name, targetPort: number | string = 80): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: NS }, spec: { selector: { app: selector }, ports: [{ name: "http", port: 80, targetPort }] } };
}
