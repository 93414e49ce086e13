/**
 * Deployment → ReplicaSet → Pod behaviour on the real store: rollouts within maxSurge /
 * maxUnavailable, revision annotations and history, a broken rollout that keeps old pods
 * serving and times out, rollback as kubectl does it, pause, scale to zero and back, Recreate.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { labelSelectorFromSpec, formatLabelSelector } from "../selectors";
import { cloneJson } from "../store/json-value";
import type { Deployment, Pod, ReplicaSet } from "./api-types";
import { createTestCluster, deploymentManifest, isReady, type TestCluster } from "./testing/sim-cluster";

let cluster: TestCluster;
beforeEach(() => {
  cluster = createTestCluster();
});
afterEach(() => cluster.stop());

const revision = (o: { metadata: { annotations?: Record<string, string> } }) => o.metadata.annotations?.["deployment.kubernetes.io/revision"];
const condition = (d: Deployment, type: string) => d.status?.conditions?.find((c) => c.type === type);
const image = (p: Pod) => p.spec.containers[0]?.image;

function setImage(name: string, value: string, changeCause?: string): void {
  cluster.patch<Deployment>("deployments.apps", "shop", name, (d) => {
    d.spec.template.spec.containers[0]!.image = value;
    if (changeCause) d.metadata.annotations = { ...(d.metadata.annotations ?? {}), "kubernetes.io/change-cause": changeCause };
  });
}

function complete(name: string): boolean {
  const d = cluster.deployment("shop", name);
  const replicas = d.spec.replicas ?? 1;
  return (
    (d.status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 1) &&
    (d.status?.updatedReplicas ?? 0) === replicas &&
    (d.status?.replicas ?? 0) === replicas &&
    (d.status?.availableReplicas ?? 0) === replicas
  );
}

/** What `kubectl rollout undo --to-revision` does (rollback.go): copy the ReplicaSet's template back into the Deployment. */
function rollbackTo(name: string, toRevision: number): void {
  const d = cluster.deployment("shop", name);
  const selector = formatLabelSelector(labelSelectorFromSpec(d.spec.selector));
  const rsList = (cluster.store.list("replicasets.apps", "shop", { labelSelector: selector }).items as ReplicaSet[]).filter((rs) =>
    rs.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === d.metadata.uid),
  );
  const target = rsList.find((rs) => Number(revision(rs)) === toRevision);
  if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  const template = cloneJson(target.spec.template);
  delete template.metadata?.labels?.["pod-template-hash"];
  cluster.patch<Deployment>("deployments.apps", "shop", name, (current) => {
    current.spec.template = template;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(current.metadata.annotations ?? {})) if (!k.startsWith("deployment.kubernetes.io/")) annotations[k] = v;
    for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!k.startsWith("deployment.kubernetes.io/")) annotations[k] = v;
    current.metadata.annotations = annotations;
  });
}

describe("Deployment controller", () => {
  it("creates a ReplicaSet with the pod-template-hash, revision 1 and a ScalingReplicaSet event, then reports a complete rollout", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3, annotations: { "kubernetes.io/change-cause": "initial" } }));
    cluster.until(() => complete("web"), 30, "rollout");
    const [rs] = cluster.replicaSets("shop", "web");
    const hash = rs!.metadata.labels!["pod-template-hash"]!;
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(hash).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    expect(rs!.spec.selector.matchLabels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web", controller: true, blockOwnerDeletion: true });
    expect(revision(rs!)).toBe("1");
    expect(rs!.metadata.annotations?.["kubernetes.io/change-cause"]).toBe("initial");
    expect(rs!.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"]).toBe("3");
    expect(rs!.metadata.annotations?.["deployment.kubernetes.io/max-replicas"]).toBe("4");
    const d = cluster.deployment("shop", "web");
    expect(revision(d)).toBe("1");
    expect(condition(d, "Available")).toMatchObject({ status: "True", reason: "MinimumReplicasAvailable" });
    expect(condition(d, "Progressing")).toMatchObject({ status: "True", reason: "NewReplicaSetAvailable", message: `ReplicaSet "web-${hash}" has successfully progressed.` });
    expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(d.status?.unavailableReplicas).toBeUndefined();
    const pods = cluster.pods("shop", { app: "web" });
    expect(pods.every((p) => p.metadata.name.startsWith(`web-${hash}-`) && p.metadata.labels?.["pod-template-hash"] === hash)).toBe(true);
    expect(cluster.events("shop", "web").map((e) => e.message)).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
    expect(cluster.events("shop", `web-${hash}`).filter((e) => e.reason === "SuccessfulCreate")).toHaveLength(3);
  });

  it("the pod-template-hash is a stable function of the template", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "a", replicas: 1 }));
    const other = createTestCluster(99);
    try {
      other.create("deployments.apps", deploymentManifest({ name: "a", replicas: 1 }));
      expect(other.replicaSets("shop", "a")[0]!.metadata.name).toBe(cluster.replicaSets("shop", "a")[0]!.metadata.name);
    } finally {
      other.stop();
    }
  });

  it("a rolling update never exceeds maxSurge nor drops below replicas - maxUnavailable, and keeps the old ReplicaSet at 0", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 4, spec: { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } } }));
    cluster.until(() => complete("web"), 30, "first rollout");
    setImage("web", "nginx:1.27", "kubectl set image deployment/web app=nginx:1.27");
    let maxPods = 0;
    let minReady = Infinity;
    cluster.until(() => {
      const pods = cluster.pods("shop", { app: "web" });
      maxPods = Math.max(maxPods, pods.length);
      minReady = Math.min(minReady, pods.filter(isReady).length);
      return complete("web");
    }, 120, "second rollout");
    expect(maxPods).toBe(5);
    expect(minReady).toBeGreaterThanOrEqual(4);
    const rsList = cluster.replicaSets("shop", "web");
    expect(rsList).toHaveLength(2);
    const byRevision = Object.fromEntries(rsList.map((rs) => [revision(rs), rs]));
    expect(byRevision["1"]!.spec.replicas).toBe(0);
    expect(byRevision["2"]!.spec.replicas).toBe(4);
    expect(byRevision["2"]!.metadata.annotations?.["kubernetes.io/change-cause"]).toBe("kubectl set image deployment/web app=nginx:1.27");
    expect(revision(cluster.deployment("shop", "web"))).toBe("2");
    expect(cluster.pods("shop", { app: "web" }).every((p) => image(p) === "nginx:1.27")).toBe(true);
    const scaling = cluster.events("shop", "web").filter((e) => e.reason === "ScalingReplicaSet").map((e) => e.message);
    expect(scaling).toContain(`Scaled down replica set ${byRevision["1"]!.metadata.name} from 4 to 3`);
  });

  it("a rollout whose pods never become ready keeps the old pods serving and reports ProgressDeadlineExceeded; undo restores it", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 4, spec: { progressDeadlineSeconds: 60 } }));
    cluster.until(() => complete("web"), 30, "first rollout");
    setImage("web", "nginx:does-not-exist");
    cluster.advance(20);
    let d = cluster.deployment("shop", "web");
    expect(condition(d, "Progressing")?.status).toBe("True");
    cluster.until(() => condition(cluster.deployment("shop", "web"), "Progressing")?.reason === "ProgressDeadlineExceeded", 90, "deadline");
    d = cluster.deployment("shop", "web");
    const rsList = cluster.replicaSets("shop", "web");
    const newRs = rsList.find((rs) => revision(rs) === "2")!;
    expect(condition(d, "Progressing")).toMatchObject({ status: "False", message: `ReplicaSet "${newRs.metadata.name}" has timed out progressing.` });
    expect(condition(d, "Available")?.status).toBe("True");
    // 25% of 4: one old pod may go, three keep serving; surge 1 + 1 unavailable = 2 new pods stuck.
    expect(cluster.pods("shop", { app: "web" }).filter(isReady).length).toBe(3);
    expect(d.status).toMatchObject({ replicas: 5, updatedReplicas: 2, availableReplicas: 3, unavailableReplicas: 2 });

    rollbackTo("web", 1);
    cluster.until(() => complete("web"), 60, "rollback");
    d = cluster.deployment("shop", "web");
    expect(revision(d)).toBe("3");
    const restored = cluster.replicaSets("shop", "web").find((rs) => rs.spec.replicas === 4)!;
    expect(revision(restored)).toBe("3");
    expect(restored.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(condition(d, "Progressing")?.reason).toBe("NewReplicaSetAvailable");
    expect(cluster.pods("shop", { app: "web" }).every((p) => image(p) === "nginx:1.25" && isReady(p))).toBe(true);
  });

  it("keeps revisionHistoryLimit old ReplicaSets", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 1, spec: { revisionHistoryLimit: 2 } }));
    cluster.until(() => complete("web"), 30, "rollout 1");
    for (const tag of ["1.26", "1.27", "1.25.3", "latest"]) {
      setImage("web", `nginx:${tag}`);
      cluster.until(() => complete("web"), 60, `rollout ${tag}`);
    }
    cluster.advance(2);
    const revisions = cluster.replicaSets("shop", "web").map((rs) => Number(revision(rs))).sort();
    expect(revisions).toEqual([3, 4, 5]);
  });

  it("a paused Deployment does not roll out template changes until resumed", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => complete("web"), 30, "rollout");
    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => (d.spec.paused = true));
    setImage("web", "nginx:1.27");
    cluster.advance(20);
    expect(cluster.replicaSets("shop", "web")).toHaveLength(1);
    expect(condition(cluster.deployment("shop", "web"), "Progressing")).toMatchObject({ status: "Unknown", reason: "DeploymentPaused", message: "Deployment is paused" });
    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => (d.spec.paused = false));
    cluster.until(() => complete("web") && cluster.pods("shop", { app: "web" }).every((p) => image(p) === "nginx:1.27"), 60, "resumed rollout");
    expect(cluster.replicaSets("shop", "web")).toHaveLength(2);
  });

  it("scales to zero and back without a new revision", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3 }));
    cluster.until(() => complete("web"), 30, "rollout");
    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => (d.spec.replicas = 0));
    cluster.until(() => cluster.pods("shop", { app: "web" }).length === 0 && complete("web"), 10, "scaled to zero");
    const [rs] = cluster.replicaSets("shop", "web");
    expect(rs!.spec.replicas).toBe(0);
    expect(cluster.events("shop", "web").map((e) => e.message)).toContain(`Scaled down replica set ${rs!.metadata.name} from 3 to 0`);
    expect(cluster.events("shop", rs!.metadata.name).filter((e) => e.reason === "SuccessfulDelete")).toHaveLength(3);
    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => (d.spec.replicas = 3));
    cluster.until(() => complete("web"), 30, "scaled back");
    expect(cluster.replicaSets("shop", "web")).toHaveLength(1);
    expect(revision(cluster.deployment("shop", "web"))).toBe("1");
  });

  it("rollout restart (template annotation) creates a new ReplicaSet and revision", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => complete("web"), 30, "rollout");
    const before = cluster.pods("shop", { app: "web" }).map((p) => p.metadata.name);
    cluster.patch<Deployment>("deployments.apps", "shop", "web", (d) => {
      d.spec.template.metadata = { ...d.spec.template.metadata, annotations: { "kubectl.kubernetes.io/restartedAt": "2025-01-01T00:01:00Z" } };
    });
    cluster.until(() => complete("web") && cluster.pods("shop", { app: "web" }).length === 2, 60, "restart");
    expect(cluster.pods("shop", { app: "web" }).some((p) => before.includes(p.metadata.name))).toBe(false);
    expect(revision(cluster.deployment("shop", "web"))).toBe("2");
  });

  it("Recreate removes every old pod before creating new ones", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3, spec: { strategy: { type: "Recreate" } } }));
    cluster.until(() => complete("web"), 30, "rollout");
    setImage("web", "nginx:1.27");
    let mixed = false;
    cluster.until(() => {
      const images = new Set(cluster.pods("shop", { app: "web" }).map(image));
      if (images.size > 1) mixed = true;
      return complete("web") && images.size === 1 && images.has("nginx:1.27");
    }, 60, "recreate");
    expect(mixed).toBe(false);
  });

  it("deleting a Deployment removes its ReplicaSets and pods", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 2 }));
    cluster.until(() => complete("web"), 30, "rollout");
    cluster.remove("deployments.apps", "shop", "web");
    cluster.advance(2);
    expect(cluster.store.list("replicasets.apps", "shop").items).toHaveLength(0);
    expect(cluster.pods("shop")).toHaveLength(0);
    expect(cluster.events("shop").some((e) => e.reason === "Killing" && e.message === "Stopping container app")).toBe(true);
  });

  it("replaces a pod that is deleted, preferring to delete not-ready pods when scaling down", () => {
    cluster.create("deployments.apps", deploymentManifest({ name: "web", replicas: 3 }));
    cluster.until(() => complete("web"), 30, "rollout");
    const victim = cluster.pods("shop", { app: "web" })[0]!.metadata.name;
    cluster.remove("pods", "shop", victim);
    cluster.until(() => complete("web") && cluster.pods("shop", { app: "web" }).length === 3, 30, "replacement");
    expect(cluster.pods("shop", { app: "web" }).some((p) => p.metadata.name === victim)).toBe(false);
  });
});
