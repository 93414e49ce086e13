/**
 * The Deployment actions against a real simulated cluster: plan (diff, blast radius, server dry
 * run that changes nothing), snapshot, execute (the controllers roll it out), undo, verifyUndo.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { K8sObject } from "../../sim/types";
import { executeAction, parseMitigationAction, planAction, snapshotAction, undoAction, verifyUndoAction, type MitigationAction } from "./catalogue";
import { deployment, NS, readyPods, service, startActionTestCluster, type ActionTestCluster } from "./testing/action-test-cluster";
import type { UndoRecord } from "./undo-record";

let cluster: ActionTestCluster;

interface DeploymentObject extends K8sObject {
  spec: { replicas: number; template: { metadata: { annotations?: Record<string, string> }; spec: { nodeSelector?: Record<string, string>; containers: { name: string; image: string; env?: { name: string; value?: string }[]; resources?: unknown }[] } } };
}

const dep = (name: string) => cluster.get<DeploymentObject>("deployments.apps", name)!;
const container = (name: string) => dep(name).spec.template.spec.containers[0]!;

function action(input: unknown): MitigationAction {
  const parsed = parseMitigationAction(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.action;
}

/** Plan must be executable and the dry run must have stored nothing. */
async function planWithoutSideEffects(a: MitigationAction, name: string) {
  const before = dep(name).metadata.resourceVersion;
  const plan = await planAction(cluster.ctx, a);
  expect(plan.dryRun).toEqual({ ok: true });
  expect(plan.executable).toBe(true);
  expect(dep(name).metadata.resourceVersion).toBe(before);
  return plan;
}

async function snapshotAndExecute(a: MitigationAction): Promise<UndoRecord> {
  const snapshot = await snapshotAction(cluster.ctx, a);
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  // Write-ahead: the record must survive storage as JSON.
  const stored = JSON.parse(JSON.stringify(snapshot.value)) as UndoRecord;
  const executed = await executeAction(cluster.ctx, a, stored);
  if (!executed.ok) throw new Error(executed.error.message);
  expect(executed.value.operation).toBe("patched");
  return stored;
}

async function undoAndVerify(record: UndoRecord) {
  const undone = await undoAction(cluster.ctx, record);
  if (!undone.ok) throw new Error(undone.error.message);
  expect(undone.value.operation).toBe("restored");
  expect(await verifyUndoAction(cluster.ctx, record)).toEqual({ restored: true, mismatches: [] });
}

const allReadyWith = (name: string, count: number, check: (pod: K8sObject) => boolean = () => true) => () => {
  const ready = readyPods(cluster, { app: name });
  return ready.length === count && cluster.pods({ app: name }).length === count && ready.every(check);
};
const imageOf = (pod: K8sObject) => (pod.spec as { containers: { image: string }[] }).containers[0]?.image;

beforeAll(async () => {
  cluster = await startActionTestCluster(5);
  for (const name of ["web", "api", "cart", "pinned"]) {
    cluster.create("deployments.apps", deployment(name, name === "cart" ? { env: [{ name: "MODE", value: "a" }, { name: "OLD", value: "x" }] } : name === "pinned" ? { podSpec: { nodeSelector: { disktype: "nvme" } } } : {}));
    if (name !== "pinned") cluster.create("services", service(name));
  }
  cluster.until(() => ["web", "api", "cart"].every((n) => allReadyWith(n, 2)()), 120, "initial rollouts");
});

afterAll(async () => {
  await cluster?.stop();
});

describe("scale-deployment", () => {
  it("plans with a diff, blast radius and a side-effect-free dry run, then executes and undoes", async () => {
    const a = action({ type: "scale-deployment", params: { namespace: NS, name: "web", replicas: 1 } });
    const plan = await planWithoutSideEffects(a, "web");
    expect(plan.risk).toBe("medium");
    expect(plan.diff.changes).toEqual([{ op: "replace", path: "/spec/replicas", before: { present: true, value: 2 }, after: { present: true, value: 1 } }]);
    expect(plan.diff.text).toContain("- /spec/replicas: 2");
    expect(plan.blastRadius.pods).toHaveLength(2);
    expect(plan.blastRadius.services).toEqual(["web"]);
    expect(plan.kubectl).toBe("kubectl scale deployment/web -n shop --replicas=1");

    const record = await snapshotAndExecute(a);
    expect(record.resourceVersion).toBeTruthy();
    expect(dep("web").spec.replicas).toBe(1);
    cluster.until(allReadyWith("web", 1), 60, "scale down");

    await undoAndVerify(record);
    expect(dep("web").spec.replicas).toBe(2);
    cluster.until(allReadyWith("web", 2), 60, "scale back up");
  });

  it("reports a failed dry run for a missing Deployment and refuses to snapshot it", async () => {
    const a = action({ type: "scale-deployment", params: { namespace: NS, name: "nope", replicas: 3 } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan.executable).toBe(false);
    expect(plan.dryRun).toEqual({ ok: false, reason: "NotFound", message: "Deployment shop/nope not found" });
    expect(plan.before).toBeNull();
    const snapshot = await snapshotAction(cluster.ctx, a);
    expect(snapshot).toMatchObject({ ok: false, error: { reason: "NotFound" } });
  });

  it("gives a conflict, not an overwrite, when the object changed between snapshot and execute", async () => {
    const a = action({ type: "scale-deployment", params: { namespace: NS, name: "web", replicas: 3 } });
    const snapshot = await snapshotAction(cluster.ctx, a);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    cluster.mutate<DeploymentObject>("deployments.apps", "web", (d) => (d.spec.replicas = 5));
    const executed = await executeAction(cluster.ctx, a, snapshot.value);
    expect(executed).toMatchObject({ ok: false, error: { reason: "Conflict" } });
    expect(dep("web").spec.replicas).toBe(5);
    cluster.mutate<DeploymentObject>("deployments.apps", "web", (d) => (d.spec.replicas = 2));
  });

  it("does not restore over a change someone made after the action, and says so", async () => {
    const a = action({ type: "scale-deployment", params: { namespace: NS, name: "web", replicas: 3 } });
    const record = await snapshotAndExecute(a);
    cluster.mutate<DeploymentObject>("deployments.apps", "web", (d) => (d.spec.replicas = 4));
    const undone = await undoAction(cluster.ctx, record);
    expect(undone.ok).toBe(false);
    if (!undone.ok) expect(undone.error.message).toMatch(/changed by someone else.*\/spec\/replicas: the action wrote 3, now 4/);
    expect(dep("web").spec.replicas).toBe(4);
    expect((await verifyUndoAction(cluster.ctx, record)).restored).toBe(false);
    cluster.mutate<DeploymentObject>("deployments.apps", "web", (d) => (d.spec.replicas = 2));
    cluster.until(allReadyWith("web", 2), 60, "web back to 2");
  });

  it("rates scale to zero as high risk", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "scale-deployment", params: { namespace: NS, name: "web", replicas: 0 } }));
    expect(plan.risk).toBe("high");
  });
});

describe("set-image", () => {
  it("rolls out the new image, and undo rolls the old one back", async () => {
    const a = action({ type: "set-image", params: { namespace: NS, name: "api", container: "app", image: "nginx:1.26" } });
    const plan = await planWithoutSideEffects(a, "api");
    expect(plan.diff.changes.map((c) => c.path)).toEqual(["/spec/template/spec/containers/0/image"]);
    expect(plan.kubectl).toBe("kubectl set image deployment/api -n shop app=nginx:1.26");
    const record = await snapshotAndExecute(a);
    expect(container("api").image).toBe("nginx:1.26");
    cluster.until(allReadyWith("api", 2, (p) => imageOf(p) === "nginx:1.26"), 120, "rollout of nginx:1.26");
    await undoAndVerify(record);
    expect(container("api").image).toBe("nginx:1.25");
    cluster.until(allReadyWith("api", 2, (p) => imageOf(p) === "nginx:1.25"), 120, "rollback to nginx:1.25");
  });

  it("reports a missing container as a failed dry run naming the containers", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "set-image", params: { namespace: NS, name: "api", container: "sidecar", image: "nginx:1.26" } }));
    expect(plan.executable).toBe(false);
    expect(plan.dryRun).toEqual({ ok: false, reason: "NotFound", message: 'container "sidecar" not found in Deployment shop/api (containers: app)' });
  });
});

describe("rollout-undo", () => {
  it("rolls back to a named revision as kubectl does, and undo restores the newer template", async () => {
    // History: revision 1 = nginx:1.25 (created), revision 2 = nginx:1.27.
    cluster.create("deployments.apps", deployment("hist"));
    cluster.until(allReadyWith("hist", 2), 120, "hist revision 1");
    cluster.mutate<DeploymentObject>("deployments.apps", "hist", (d) => (d.spec.template.spec.containers[0]!.image = "nginx:1.27"));
    cluster.until(allReadyWith("hist", 2, (p) => imageOf(p) === "nginx:1.27"), 120, "rollout of nginx:1.27");
    const a = action({ type: "rollout-undo", params: { namespace: NS, name: "hist", toRevision: 1 } });
    const plan = await planWithoutSideEffects(a, "hist");
    expect(plan.diff.changes).toContainEqual(expect.objectContaining({ path: "/spec/template/spec/containers/0/image", after: { present: true, value: "nginx:1.25" } }));
    // The pod-template-hash label stays out of the Deployment's template.
    expect(JSON.stringify((plan.after?.spec as { template: unknown }).template)).not.toContain("pod-template-hash");
    const record = await snapshotAndExecute(a);
    expect(container("hist").image).toBe("nginx:1.25");
    cluster.until(allReadyWith("hist", 2, (p) => imageOf(p) === "nginx:1.25"), 120, "rollback pods ready");
    // The Deployment controller reuses revision 1's ReplicaSet and makes it revision 3.
    expect(dep("hist").metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    await undoAndVerify(record);
    expect(container("hist").image).toBe("nginx:1.27");
    cluster.until(allReadyWith("hist", 2, (p) => imageOf(p) === "nginx:1.27"), 120, "undo of the rollback");
  });

  it("fails the dry run for a revision that does not exist", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "rollout-undo", params: { namespace: NS, name: "hist", toRevision: 42 } }));
    expect(plan.executable).toBe(false);
    if (!plan.dryRun.ok) expect(plan.dryRun.message).toMatch(/unable to find revision 42 of Deployment shop\/hist \(revisions: /);
  });
});

describe("set-env", () => {
  it("adds, changes and removes variables, and undo restores the old list", async () => {
    const a = action({ type: "set-env", params: { namespace: NS, name: "cart", container: "app", set: [{ name: "MODE", value: "b" }, { name: "NEW", value: "1" }], remove: ["OLD"] } });
    const plan = await planWithoutSideEffects(a, "cart");
    expect(plan.kubectl).toBe("kubectl set env deployment/cart -n shop -c app MODE=b NEW=1 OLD-");
    const record = await snapshotAndExecute(a);
    expect(container("cart").env).toEqual([{ name: "MODE", value: "b" }, { name: "NEW", value: "1" }]);
    cluster.until(allReadyWith("cart", 2), 120, "cart rollout");
    await undoAndVerify(record);
    expect(container("cart").env).toEqual([{ name: "MODE", value: "a" }, { name: "OLD", value: "x" }]);
  });

  it("fails the dry run when removing a variable that is not set", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "set-env", params: { namespace: NS, name: "cart", container: "app", remove: ["MISSING"] } }));
    expect(plan.dryRun).toMatchObject({ ok: false, reason: "NotFound" });
  });
});

describe("set-resources", () => {
  it("sets requests and limits with server-canonical values, and undo removes them again", async () => {
    const a = action({ type: "set-resources", params: { namespace: NS, name: "cart", container: "app", requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } });
    await planWithoutSideEffects(a, "cart");
    const record = await snapshotAndExecute(a);
    expect(container("cart").resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } });
    cluster.until(allReadyWith("cart", 2), 120, "cart rollout");
    await undoAndVerify(record);
    expect(container("cart").resources ?? {}).toEqual({});
  });
});

describe("rollout-restart", () => {
  it("stamps restartedAt on the template, and undo removes it", async () => {
    const a = action({ type: "rollout-restart", params: { namespace: NS, name: "web" } });
    const plan = await planWithoutSideEffects(a, "web");
    expect(plan.risk).toBe("low");
    const podsBefore = cluster.pods({ app: "web" }).map((p) => p.metadata.name);
    const record = await snapshotAndExecute(a);
    expect(dep("web").spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    cluster.until(() => allReadyWith("web", 2)() && cluster.pods({ app: "web" }).every((p) => !podsBefore.includes(p.metadata.name)), 120, "restart");
    await undoAndVerify(record);
    expect(dep("web").spec.template.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"]).toBeUndefined();
  });
});

describe("remove-node-constraint", () => {
  it("unblocks Pending pods by removing the nodeSelector, and undo puts it back", async () => {
    expect(readyPods(cluster, { app: "pinned" })).toHaveLength(0);
    const a = action({ type: "remove-node-constraint", params: { namespace: NS, name: "pinned", constraint: "nodeSelector" } });
    const plan = await planWithoutSideEffects(a, "pinned");
    expect(plan.diff.changes).toEqual([{ op: "remove", path: "/spec/template/spec/nodeSelector", before: { present: true, value: { disktype: "nvme" } }, after: { present: false } }]);
    const record = await snapshotAndExecute(a);
    cluster.until(allReadyWith("pinned", 2), 120, "pinned pods scheduled");
    await undoAndVerify(record);
    expect(dep("pinned").spec.template.spec.nodeSelector).toEqual({ disktype: "nvme" });
  });

  it("fails the dry run when there is no node affinity to remove", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "remove-node-constraint", params: { namespace: NS, name: "web", constraint: "nodeAffinity" } }));
    expect(plan.dryRun).toMatchObject({ ok: false, reason: "NotFound" });
  });
});
