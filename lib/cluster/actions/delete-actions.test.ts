/**
 * Delete actions against a real simulated cluster: NetworkPolicy and chaos objects are recreated
 * from the snapshot by undo; a controller-owned pod is replaced by its ReplicaSet.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAction, parseMitigationAction, planAction, snapshotAction, undoAction, verifyUndoAction, type MitigationAction } from "./catalogue";
import { deployment, NS, readyPods, service, startActionTestCluster, type ActionTestCluster } from "./testing/action-test-cluster";
import type { UndoRecord } from "./undo-record";

let cluster: ActionTestCluster;

function action(input: unknown): MitigationAction {
  const parsed = parseMitigationAction(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.action;
}

async function deleteAndRestore(a: MitigationAction, resource: string, name: string) {
  const live = cluster.get(resource, name);
  expect(live).toBeDefined();
  const plan = await planAction(cluster.ctx, a);
  expect(plan.dryRun).toEqual({ ok: true });
  expect(plan.after).toBeNull();
  expect(plan.diff.changes).toMatchObject([{ op: "remove", path: "" }]);
  expect(cluster.get(resource, name)?.metadata.resourceVersion).toBe(live?.metadata.resourceVersion);
  const snapshot = await snapshotAction(cluster.ctx, a);
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const record = JSON.parse(JSON.stringify(snapshot.value)) as UndoRecord;
  expect(record.undo.kind).toBe("recreate");
  const executed = await executeAction(cluster.ctx, a, record);
  expect(executed).toMatchObject({ ok: true, value: { operation: "deleted" } });
  cluster.advance(1);
  expect(cluster.get(resource, name)).toBeUndefined();
  const undone = await undoAction(cluster.ctx, record);
  expect(undone).toMatchObject({ ok: true, value: { operation: "recreated" } });
  const recreated = cluster.get(resource, name);
  expect(recreated?.spec).toEqual(live?.spec);
  expect(recreated?.metadata.labels).toEqual(live?.metadata.labels);
  expect(recreated?.metadata.uid).not.toBe(live?.metadata.uid);
  expect(await verifyUndoAction(cluster.ctx, record)).toEqual({ restored: true, mismatches: [] });
  return plan;
}

beforeAll(async () => {
  cluster = await startActionTestCluster(13);
  cluster.create("deployments.apps", deployment("web"));
  cluster.create("services", service("web"));
  cluster.create("services", { apiVersion: "v1", kind: "Service", metadata: { name: "postgres", namespace: NS }, spec: { selector: { app: "web" }, ports: [{ port: 5432 }] } });
  cluster.until(() => readyPods(cluster, { app: "web" }).length === 2, 120, "pods ready");
});

afterAll(async () => {
  await cluster?.stop();
});

describe("delete-network-policy", () => {
  it("deletes a deny-all policy, and undo recreates it from the snapshot", async () => {
    cluster.create("networkpolicies.networking.k8s.io", {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "deny-web", namespace: NS, labels: { team: "sre" }, annotations: { why: "drill" } },
      spec: { podSelector: { matchLabels: { app: "web" } }, policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: { matchLabels: { role: "admin" } } }] }] },
    });
    const plan = await deleteAndRestore(action({ type: "delete-network-policy", params: { namespace: NS, name: "deny-web" } }), "networkpolicies.networking.k8s.io", "deny-web");
    expect(plan.blastRadius.pods).toHaveLength(2);
    expect(plan.blastRadius.services).toEqual(["postgres", "web"]);
    expect(plan.kubectl).toBe("kubectl delete networkpolicy deny-web -n shop");
  });

  it("reports a missing policy as a failed dry run", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "delete-network-policy", params: { namespace: NS, name: "ghost" } }));
    expect(plan.dryRun).toEqual({ ok: false, reason: "NotFound", message: "NetworkPolicy shop/ghost not found" });
    expect(plan.executable).toBe(false);
  });

  it("gives a conflict when the policy changed between snapshot and execute", async () => {
    cluster.create("networkpolicies.networking.k8s.io", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "racy", namespace: NS }, spec: { podSelector: {} } });
    const a = action({ type: "delete-network-policy", params: { namespace: NS, name: "racy" } });
    const snapshot = await snapshotAction(cluster.ctx, a);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    cluster.mutate("networkpolicies.networking.k8s.io", "racy", (np) => ((np.spec as { policyTypes?: string[] }).policyTypes = ["Ingress", "Egress"]));
    expect(await executeAction(cluster.ctx, a, snapshot.value)).toMatchObject({ ok: false, error: { reason: "Conflict" } });
    expect(cluster.get("networkpolicies.networking.k8s.io", "racy")).toBeDefined();
  });
});

describe("delete-chaos-object", () => {
  it("deletes a NetworkChaos experiment, and undo recreates it", async () => {
    cluster.create("networkchaos.chaos-mesh.org", {
      apiVersion: "chaos-mesh.org/v1alpha1",
      kind: "NetworkChaos",
      metadata: { name: "web-delay", namespace: NS },
      spec: { action: "delay", mode: "all", selector: { namespaces: [NS], labelSelectors: { app: "web" } }, delay: { latency: "300ms" } },
    });
    const plan = await deleteAndRestore(action({ type: "delete-chaos-object", params: { namespace: NS, kind: "NetworkChaos", name: "web-delay" } }), "networkchaos.chaos-mesh.org", "web-delay");
    expect(plan.blastRadius.pods).toHaveLength(2);
    expect(plan.kubectl).toBe("kubectl delete networkchaos.chaos-mesh.org web-delay -n shop");
  });

  it("deletes a StressChaos experiment, and undo recreates it", async () => {
    cluster.create("stresschaos.chaos-mesh.org", {
      apiVersion: "chaos-mesh.org/v1alpha1",
      kind: "StressChaos",
      metadata: { name: "web-cpu", namespace: NS },
      spec: { mode: "one", selector: { labelSelectors: { app: "web" } }, stressors: { cpu: { workers: 2, load: 90 } } },
    });
    await deleteAndRestore(action({ type: "delete-chaos-object", params: { namespace: NS, kind: "StressChaos", name: "web-cpu" } }), "stresschaos.chaos-mesh.org", "web-cpu");
  });

  it("deletes a DatabaseFault, and undo recreates it; blast radius is the database's pods", async () => {
    cluster.create("databasefaults.faults.agentic-sre.dev", {
      apiVersion: "faults.agentic-sre.dev/v1alpha1",
      kind: "DatabaseFault",
      metadata: { name: "revoke", namespace: NS },
      spec: { database: "postgres", action: "RevokeRole", user: "shop", role: "writer" },
    });
    const plan = await deleteAndRestore(action({ type: "delete-chaos-object", params: { namespace: NS, kind: "DatabaseFault", name: "revoke" } }), "databasefaults.faults.agentic-sre.dev", "revoke");
    expect(plan.blastRadius.services).toContain("postgres");
  });
});

describe("delete-pod", () => {
  it("deletes a ReplicaSet's pod; undo has nothing to restore and verifies a replacement exists", async () => {
    const [victim] = readyPods(cluster, { app: "web" });
    const name = victim?.metadata.name ?? "";
    const a = action({ type: "delete-pod", params: { namespace: NS, name } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan).toMatchObject({ executable: true, risk: "low", blastRadius: { pods: [name], services: ["postgres", "web"] } });
    const snapshot = await snapshotAction(cluster.ctx, a);
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value.undo).toMatchObject({ kind: "controller-recreates", owner: { kind: "ReplicaSet" } });
    expect(await executeAction(cluster.ctx, a, snapshot.value)).toMatchObject({ ok: true });
    expect(await undoAction(cluster.ctx, snapshot.value)).toMatchObject({ ok: true, value: { operation: "nothing-to-do" } });
    cluster.until(() => readyPods(cluster, { app: "web" }).length === 2, 60, "replacement pod");
    expect(cluster.get("pods", name)).toBeUndefined();
    expect(await verifyUndoAction(cluster.ctx, snapshot.value)).toEqual({ restored: true, mismatches: [] });
  });

  it("refuses to delete a pod nothing would recreate", async () => {
    cluster.create("pods", { apiVersion: "v1", kind: "Pod", metadata: { name: "bare", namespace: NS }, spec: { containers: [{ name: "c", image: "nginx:1.25" }] } });
    const plan = await planAction(cluster.ctx, action({ type: "delete-pod", params: { namespace: NS, name: "bare" } }));
    expect(plan).toMatchObject({ executable: false, risk: "high", dryRun: { ok: false, reason: "Refused" } });
    expect(await snapshotAction(cluster.ctx, action({ type: "delete-pod", params: { namespace: NS, name: "bare" } }))).toMatchObject({ ok: false, error: { reason: "Refused" } });
    expect(cluster.get("pods", "bare")).toBeDefined();
  });
});
