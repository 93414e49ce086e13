import { describe, expect, it } from "vitest";
import { SimClock } from "../clock";
import { forbidden } from "../errors";
import { SeededRandom } from "../rng";
import type { K8sObject, StoreChange } from "../types";
import { bootstrapCluster } from "./bootstrap";
import { InMemoryObjectStore } from "./object-store";

function newStore(seed = 7) {
  const clock = new SimClock({ mode: "manual", start: new Date("2026-01-01T00:00:00Z") });
  const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(seed) });
  bootstrapCluster({ store, clock, rng: new SeededRandom(seed + 1) });
  return { clock, store };
}

function deployment(name: string, labels: Record<string, string> = { app: name }) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: "app", image: "app:1" }] } } },
  };
}

function pod(name: string, owner?: K8sObject) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace: "default",
      labels: { app: "web" },
      ...(owner ? { ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true }] } : {}),
    },
    spec: { containers: [{ name: "app", image: "app:1" }] },
  };
}

describe("InMemoryObjectStore", () => {
  it("bootstraps namespaces, nodes and the kubernetes Service", () => {
    const { store } = newStore();
    expect(store.list("namespaces", null).items.map((n) => n.metadata.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    expect(store.list("nodes", null).items.map((n) => n.metadata.name)).toEqual(["sim-node-1", "sim-node-2", "sim-node-3"]);
    expect((store.get("services", "default", "kubernetes")?.spec as { clusterIP: string }).clusterIP).toBe("10.96.0.1");
  });

  it("fills system metadata and defaults on create", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    expect(created.metadata).toMatchObject({ generation: 1, creationTimestamp: "2026-01-01T00:00:00Z" });
    expect(created.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number(created.metadata.resourceVersion)).toBe(Number(store.resourceVersion()));
    expect(created.spec).toMatchObject({ replicas: 1, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" } } });
  });

  it("is deterministic for the same seed and calls", () => {
    const run = () => {
      const { store } = newStore(99);
      const a = store.create("deployments.apps", deployment("web"));
      const p = store.create("pods", { ...pod(""), metadata: { generateName: "web-", namespace: "default" } });
      const s = store.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { ports: [{ port: 80 }] } });
      return [a.metadata.uid, p.metadata.name, (s.spec as { clusterIP: string }).clusterIP];
    };
    expect(run()).toEqual(run());
  });

  it("hands out copies: mutating a result does not change the store", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    (created.spec as { replicas: number }).replicas = 42;
    store.get("deployments.apps", "default", "web")!.metadata.name = "changed";
    expect((store.get("deployments.apps", "default", "web")?.spec as { replicas: number }).replicas).toBe(1);
    expect(store.get("deployments.apps", "default", "web")?.metadata.name).toBe("web");
  });

  it("refuses stale updates with 409 and bumps generation only for spec changes", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    const labelled = store.update("deployments.apps", { ...created, metadata: { ...created.metadata, labels: { team: "a" } } });
    expect(labelled.metadata.generation).toBe(1);
    expect(() => store.update("deployments.apps", created)).toThrow(expect.objectContaining({ code: 409, reason: "Conflict" }));
    const scaled = store.update("deployments.apps", { ...labelled, spec: { ...(labelled.spec as object), replicas: 3 } });
    expect(scaled.metadata.generation).toBe(2);
  });

  it("does not store no-op writes", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    const before = store.resourceVersion();
    expect(store.update("deployments.apps", created).metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(store.resourceVersion()).toBe(before);
  });

  it("updateStatus changes only status", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    const updated = store.updateStatus("deployments.apps", { ...created, spec: {}, status: { replicas: 1 } });
    expect(updated.status).toEqual({ replicas: 1 });
    expect(updated.spec).toEqual(created.spec);
    expect(updated.metadata.generation).toBe(1);
  });

  it("rejects AlreadyExists, missing namespaces and invalid objects", () => {
    const { store } = newStore();
    store.create("deployments.apps", deployment("web"));
    expect(() => store.create("deployments.apps", deployment("web"))).toThrow(expect.objectContaining({ code: 409, reason: "AlreadyExists" }));
    expect(() => store.create("deployments.apps", { ...deployment("x"), metadata: { name: "x", namespace: "nope" } })).toThrow(/namespaces "nope" not found/);
    const mismatched = { ...deployment("bad"), spec: { ...deployment("bad").spec, selector: { matchLabels: { app: "other" } } } };
    expect(() => store.create("deployments.apps", mismatched)).toThrow(expect.objectContaining({ code: 422, details: expect.objectContaining({ causes: [expect.objectContaining({ field: "spec.template.metadata.labels" })] }) }));
  });

  it("keeps immutable fields immutable", () => {
    const { store } = newStore();
    const created = store.create("deployments.apps", deployment("web"));
    const moved = { ...created, spec: { ...(created.spec as object), selector: { matchLabels: { app: "web", v: "2" } }, template: { metadata: { labels: { app: "web", v: "2" } }, spec: { containers: [{ name: "a", image: "b" }] } } } };
    expect(() => store.update("deployments.apps", moved)).toThrow(/field is immutable/);
    const svc = store.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "default" }, spec: { ports: [{ port: 80 }] } });
    expect(() => store.update("services", { ...svc, spec: { ...(svc.spec as object), clusterIP: "10.96.9.9" } })).toThrow(/spec.clusterIP/);
    // Omitting clusterIP on update keeps the allocated one.
    const { clusterIP: _ip, clusterIPs: _ips, ...withoutIp } = svc.spec as Record<string, unknown>;
    expect((store.update("services", { ...svc, spec: withoutIp }).spec as { clusterIP: string }).clusterIP).toBe((svc.spec as { clusterIP: string }).clusterIP);
  });

  it("notifies subscribers in write order, also for writes made inside a listener", () => {
    const { store } = newStore();
    const seen: string[] = [];
    store.subscribe((change) => {
      if (change.resource === "deployments.apps" && change.type === "ADDED") store.create("pods", pod(`${change.object.metadata.name}-pod`));
    });
    store.subscribe((change: StoreChange) => seen.push(`${change.type} ${change.object.metadata.name}`));
    store.create("deployments.apps", deployment("a"));
    store.create("deployments.apps", deployment("b"));
    expect(seen).toEqual(["ADDED a", "ADDED a-pod", "ADDED b", "ADDED b-pod"]);
  });

  it("runs admission hooks on create, update and dry-run, and stores nothing on dry-run", () => {
    const { store } = newStore();
    const calls: string[] = [];
    const remove = store.addAdmission((request) => {
      calls.push(`${request.operation}${request.dryRun ? " dry" : ""}`);
      if (request.object.metadata.name === "blocked") throw forbidden('pods "blocked" is forbidden: exceeded quota: q');
    });
    expect(() => store.create("pods", pod("blocked"))).toThrow(expect.objectContaining({ code: 403 }));
    const before = store.resourceVersion();
    store.create("pods", pod("ghost"), { dryRun: true });
    expect(store.get("pods", "default", "ghost")).toBeUndefined();
    expect(store.resourceVersion()).toBe(before);
    remove();
    store.create("pods", pod("blocked"));
    expect(calls).toEqual(["CREATE", "CREATE dry"]);
  });

  it("garbage-collects dependents in the background and orphans on request", () => {
    const { store } = newStore();
    const d = store.create("deployments.apps", deployment("web"));
    const rs = store.create("replicasets.apps", { ...deployment("web-abc"), kind: "ReplicaSet", metadata: { name: "web-abc", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata.uid, controller: true }] } });
    store.create("pods", pod("web-abc-1", rs));
    store.delete("deployments.apps", "default", "web");
    expect(store.get("replicasets.apps", "default", "web-abc")).toBeUndefined();
    expect(store.get("pods", "default", "web-abc-1")).toBeUndefined();

    const rs2 = store.create("replicasets.apps", { ...deployment("keep"), kind: "ReplicaSet" });
    store.create("pods", pod("keep-1", rs2));
    store.delete("replicasets.apps", "default", "keep", { propagationPolicy: "Orphan" });
    expect(store.get("pods", "default", "keep-1")?.metadata.ownerReferences).toBeUndefined();
  });

  it("holds objects with finalizers until the last one is removed", () => {
    const { store } = newStore();
    store.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default", finalizers: ["x/y"] } });
    const marked = store.delete("configmaps", "default", "c");
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const current = store.get("configmaps", "default", "c")!;
    store.update("configmaps", { ...current, metadata: { ...current.metadata, finalizers: [] } });
    expect(store.get("configmaps", "default", "c")).toBeUndefined();
  });

  it("deletes a namespace's contents with it and protects system namespaces", () => {
    const { store } = newStore();
    store.create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } });
    store.create("configmaps", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "shop" } });
    store.delete("namespaces", null, "shop");
    expect(store.list("configmaps", "shop").items).toEqual([]);
    expect(() => store.delete("namespaces", null, "default")).toThrow(expect.objectContaining({ code: 403 }));
  });

  it("lists with selectors and resumes watches from history", () => {
    const { store } = newStore();
    const rv = Number(store.resourceVersion());
    store.create("pods", pod("a"));
    store.create("pods", { ...pod("b"), metadata: { name: "b", namespace: "default", labels: { app: "db" } } });
    expect(store.list("pods", "default", { labelSelector: "app in (db)" }).items.map((p) => p.metadata.name)).toEqual(["b"]);
    expect(store.changesSince("pods", rv)?.map((c) => `${c.type} ${c.object.metadata.name}`)).toEqual(["ADDED a", "ADDED b"]);
  });
});
