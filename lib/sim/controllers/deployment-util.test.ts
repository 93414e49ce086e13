/**
 * Revision bookkeeping and rollout arithmetic of the Deployment controller.
 */
import { describe, expect, it } from "vitest";
import type { Deployment, PodTemplateSpec, ReplicaSet } from "./api-types";
import { computeTemplateHash, equalIgnoreHash, maxSurge, maxUnavailable, resolveFenceposts, setNewReplicaSetAnnotations } from "./deployment-util";

function deployment(replicas: number, rolling?: { maxSurge?: number | string; maxUnavailable?: number | string }, annotations?: Record<string, string>): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", uid: "d", resourceVersion: "1", creationTimestamp: "", ...(annotations ? { annotations } : {}) },
    spec: { replicas, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } }, strategy: { type: "RollingUpdate", rollingUpdate: rolling } },
  };
}

function replicaSet(annotations: Record<string, string>): ReplicaSet {
  return { apiVersion: "apps/v1", kind: "ReplicaSet", metadata: { name: "web-x", uid: "r", resourceVersion: "1", creationTimestamp: "", annotations }, spec: { selector: {}, template: { spec: { containers: [] } } } };
}

describe("resolveFenceposts", () => {
  it("rounds maxSurge up and maxUnavailable down; both zero becomes maxUnavailable 1", () => {
    expect(resolveFenceposts(deployment(10))).toEqual({ maxSurge: 3, maxUnavailable: 2 });
    expect(resolveFenceposts(deployment(3))).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(resolveFenceposts(deployment(3, { maxSurge: 0, maxUnavailable: 0 }))).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(maxUnavailable(deployment(2, { maxUnavailable: 5 }))).toBe(2);
    expect(maxSurge({ ...deployment(4), spec: { ...deployment(4).spec, strategy: { type: "Recreate" } } })).toBe(0);
  });
});

describe("pod-template-hash", () => {
  const template: PodTemplateSpec = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } };

  it("is stable, alphabet-safe, independent of key order and of the hash label, and changes with the template or collision count", () => {
    const hash = computeTemplateHash(template);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(computeTemplateHash({ spec: { containers: [{ image: "nginx:1.25", name: "c" }] }, metadata: { labels: { app: "web", "pod-template-hash": "abc" } } })).toBe(hash);
    expect(computeTemplateHash({ ...template, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } })).not.toBe(hash);
    expect(computeTemplateHash(template, 1)).not.toBe(hash);
  });

  it("equalIgnoreHash ignores the hash label and empty members", () => {
    const withHash: PodTemplateSpec = { metadata: { labels: { app: "web", "pod-template-hash": "x" }, annotations: {} }, spec: { containers: [{ name: "c", image: "nginx:1.25", env: [] }] } };
    expect(equalIgnoreHash(template, withHash)).toBe(true);
  });
});

describe("setNewReplicaSetAnnotations", () => {
  it("copies the change-cause, sets the revision and replica annotations on a new ReplicaSet", () => {
    const rs = replicaSet({});
    expect(setNewReplicaSetAnnotations(deployment(4, undefined, { "kubernetes.io/change-cause": "v2", "kubectl.kubernetes.io/last-applied-configuration": "{}" }), rs, 2, false)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      "kubernetes.io/change-cause": "v2",
      "deployment.kubernetes.io/revision": "2",
      "deployment.kubernetes.io/desired-replicas": "4",
      "deployment.kubernetes.io/max-replicas": "5",
    });
  });

  it("a reused ReplicaSet (rollback) keeps its old revision in revision-history", () => {
    const rs = replicaSet({ "deployment.kubernetes.io/revision": "1" });
    setNewReplicaSetAnnotations(deployment(1), rs, 3, true);
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    setNewReplicaSetAnnotations(deployment(1), rs, 5, true);
    expect(rs.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1,3");
    expect(setNewReplicaSetAnnotations(deployment(1), rs, 5, true)).toBe(false);
  });
});
