/**
 * ReplicaSet pod management: which pods go first when scaling down, and bare ReplicaSets.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Pod, ReplicaSet } from "./api-types";
import { rankPodsForDeletion } from "./replicaset";
import { createTestCluster, isReady, type TestCluster } from "./testing/sim-cluster";

function pod(name: string, options: { node?: string; phase?: "Pending" | "Running"; ready?: boolean; created?: string; restarts?: number } = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, uid: name, resourceVersion: "1", creationTimestamp: options.created ?? "2025-01-01T00:00:00Z" },
    spec: { containers: [], ...(options.node ? { nodeName: options.node } : {}) },
    status: {
      phase: options.phase ?? "Running",
      conditions: [{ type: "Ready", status: options.ready === false ? "False" : "True", lastTransitionTime: options.created ?? "2025-01-01T00:00:00Z" }],
      containerStatuses: [{ name: "c", ready: true, restartCount: options.restarts ?? 0, state: {}, lastState: {}, image: "", imageID: "" }],
    },
  };
}

describe("rankPodsForDeletion", () => {
  it("prefers unscheduled, then pending, then not ready, then doubled-up, then recently ready, then restarts, then newest", () => {
    const ranked = rankPodsForDeletion([
      pod("old-ready", { node: "n1", created: "2025-01-01T00:00:00Z" }),
      pod("unscheduled", { phase: "Pending" }),
      pod("pending", { node: "n2", phase: "Pending" }),
      pod("not-ready", { node: "n3", ready: false }),
      pod("newer-ready", { node: "n4", created: "2025-01-01T00:05:00Z" }),
      pod("crashy", { node: "n5", restarts: 4 }),
    ]);
    expect(ranked.map((p) => p.metadata.name)).toEqual(["unscheduled", "pending", "not-ready", "newer-ready", "crashy", "old-ready"]);
  });
});

describe("ReplicaSet controller", () => {
  let cluster: TestCluster;
  beforeEach(() => {
    cluster = createTestCluster();
  });
  afterEach(() => cluster.stop());

  it("a bare ReplicaSet creates pods named <rs>-xxxxx owned by it, and scales down", () => {
    cluster.create("replicasets.apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "cache", namespace: "shop" },
      spec: { replicas: 3, selector: { matchLabels: { app: "cache" } }, template: { metadata: { labels: { app: "cache" } }, spec: { containers: [{ name: "redis", image: "redis:7" }] } } },
    });
    cluster.until(() => cluster.pods("shop", { app: "cache" }).filter(isReady).length === 3, 20, "ready");
    const pods = cluster.pods("shop", { app: "cache" });
    expect(pods.every((p) => /^cache-[bcdfghjklmnpqrstvwxz2456789]{5}$/.test(p.metadata.name))).toBe(true);
    expect(pods[0]!.metadata.ownerReferences?.[0]).toMatchObject({ kind: "ReplicaSet", name: "cache", controller: true });
    const rs = cluster.store.get("replicasets.apps", "shop", "cache") as ReplicaSet;
    expect(rs.status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    cluster.patch<ReplicaSet>("replicasets.apps", "shop", "cache", (r) => (r.spec.replicas = 1));
    expect(cluster.pods("shop", { app: "cache" })).toHaveLength(1);
    expect(cluster.events("shop", "cache").filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(2);
  });

  it("honours minReadySeconds before counting pods available", () => {
    cluster.create("replicasets.apps", {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "slow", namespace: "shop" },
      spec: { replicas: 1, minReadySeconds: 20, selector: { matchLabels: { app: "slow" } }, template: { metadata: { labels: { app: "slow" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } } },
    });
    cluster.until(() => ((cluster.store.get("replicasets.apps", "shop", "slow") as ReplicaSet).status?.readyReplicas ?? 0) === 1, 20, "ready");
    expect((cluster.store.get("replicasets.apps", "shop", "slow") as ReplicaSet).status?.availableReplicas).toBeUndefined();
    const waited = cluster.until(() => ((cluster.store.get("replicasets.apps", "shop", "slow") as ReplicaSet).status?.availableReplicas ?? 0) === 1, 30, "available");
    expect(waited).toBeGreaterThanOrEqual(19);
  });
});
