/**
 * Service, ResourceQuota and recreate actions against a real simulated cluster: the Endpoints
 * controller and quota admission react to what the actions change, and undo restores it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { K8sObject } from "../../sim/types";
import { executeAction, parseMitigationAction, planAction, snapshotAction, undoAction, verifyUndoAction, type MitigationAction } from "./catalogue";
import { deployment, NS, readyPods, service, startActionTestCluster, type ActionTestCluster } from "./testing/action-test-cluster";
import type { UndoRecord } from "./undo-record";

let cluster: ActionTestCluster;

function action(input: unknown): MitigationAction {
  const parsed = parseMitigationAction(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.action;
}

async function roundTripExecute(a: MitigationAction): Promise<UndoRecord> {
  const plan = await planAction(cluster.ctx, a);
  expect(plan.dryRun).toEqual({ ok: true });
  const snapshot = await snapshotAction(cluster.ctx, a);
  if (!snapshot.ok) throw new Error(snapshot.error.message);
  const record = JSON.parse(JSON.stringify(snapshot.value)) as UndoRecord;
  const executed = await executeAction(cluster.ctx, a, record);
  if (!executed.ok) throw new Error(executed.error.message);
  return record;
}

async function undoAndVerify(record: UndoRecord, operation: string) {
  const undone = await undoAction(cluster.ctx, record);
  if (!undone.ok) throw new Error(undone.error.message);
  expect(undone.value.operation).toBe(operation);
  expect(await verifyUndoAction(cluster.ctx, record)).toEqual({ restored: true, mismatches: [] });
}

/** Ready addresses the Endpoints controller published for a Service. */
function endpointAddresses(name: string): number {
  const endpoints = cluster.get<K8sObject & { subsets?: { addresses?: unknown[] }[] }>("endpoints", name);
  return (endpoints?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}
const svc = (name: string) => cluster.get<K8sObject & { spec: { selector?: Record<string, string>; ports: { port: number; targetPort: unknown }[] } }>("services", name);

beforeAll(async () => {
  cluster = await startActionTestCluster(9);
  cluster.create("deployments.apps", deployment("web"));
  cluster.create("deployments.apps", deployment("api"));
  // Faults: web's Service points at the wrong port, api's selects no pods.
  cluster.create("services", service("web", "web", 8080));
  cluster.create("services", service("api", "api-v2"));
  cluster.until(() => readyPods(cluster, { app: "web" }).length === 2 && readyPods(cluster, { app: "api" }).length === 2, 120, "pods ready");
});

afterAll(async () => {
  await cluster?.stop();
});

describe("patch-service-ports", () => {
  it("fixes the targetPort, and undo restores the broken one", async () => {
    const a = action({ type: "patch-service-ports", params: { namespace: NS, name: "web", ports: [{ name: "http", port: 80, targetPort: 80 }] } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan.diff.changes).toEqual([{ op: "replace", path: "/spec/ports/0/targetPort", before: { present: true, value: 8080 }, after: { present: true, value: 80 } }]);
    expect(plan.blastRadius).toEqual({ pods: expect.arrayContaining([expect.stringMatching(/^web-/)]), services: ["web"] });
    expect(svc("web")?.spec.ports[0]?.targetPort).toBe(8080);
    const record = await roundTripExecute(a);
    expect(svc("web")?.spec.ports[0]?.targetPort).toBe(80);
    await undoAndVerify(record, "restored");
    expect(svc("web")?.spec.ports[0]?.targetPort).toBe(8080);
  });

  it("reports the server's validation error as a failed dry run", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "patch-service-ports", params: { namespace: NS, name: "web", ports: [{ name: "http", port: 80 }, { name: "http", port: 81 }] } }));
    expect(plan.executable).toBe(false);
    expect(plan.dryRun).toMatchObject({ ok: false, reason: "Invalid", message: expect.stringMatching(/Duplicate value/) });
  });
});

describe("patch-service-selector", () => {
  it("points the Service at the right pods (endpoints appear), and undo detaches it again", async () => {
    expect(endpointAddresses("api")).toBe(0);
    const a = action({ type: "patch-service-selector", params: { namespace: NS, name: "api", selector: { app: "api" } } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan.risk).toBe("medium");
    expect(plan.blastRadius.pods.filter((p) => p.startsWith("api-"))).toHaveLength(2);
    const record = await roundTripExecute(a);
    cluster.until(() => endpointAddresses("api") === 2, 30, "api endpoints");
    await undoAndVerify(record, "restored");
    expect(svc("api")?.spec.selector).toEqual({ app: "api-v2" });
    cluster.until(() => endpointAddresses("api") === 0, 30, "api endpoints gone");
  });
});

describe("patch-resource-quota", () => {
  it("raises a quota that blocks pods, and undo lowers it again", async () => {
    cluster.create("resourcequotas", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: NS }, spec: { hard: { pods: "4" } } });
    const a = action({ type: "patch-resource-quota", params: { namespace: NS, name: "compute", hard: { pods: "10", "requests.cpu": "8" } } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan.risk).toBe("low");
    expect(plan.diff.changes.map((c) => c.path)).toEqual(["/spec/hard/pods", "/spec/hard/requests.cpu"]);
    const record = await roundTripExecute(a);
    expect(cluster.get<K8sObject & { spec: { hard: Record<string, string> } }>("resourcequotas", "compute")?.spec.hard).toEqual({ pods: "10", "requests.cpu": "8" });
    await undoAndVerify(record, "restored");
    expect(cluster.get<K8sObject & { spec: { hard: Record<string, string> } }>("resourcequotas", "compute")?.spec.hard).toEqual({ pods: "4" });
    expect((await planAction(cluster.ctx, action({ type: "patch-resource-quota", params: { namespace: NS, name: "compute", hard: { pods: "2" } } }))).risk).toBe("medium");
  });
});

describe("recreate-service", () => {
  it("recreates a deleted Service from its last-known spec, and undo deletes it", async () => {
    cluster.create("services", service("cart", "web"));
    cluster.sim.store.delete("services", NS, "cart");
    const a = action({ type: "recreate-service", params: { namespace: NS, name: "cart", selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 80 }], labels: { app: "cart" } } });
    const plan = await planAction(cluster.ctx, a);
    expect(plan.before).toBeNull();
    expect(plan.diff.changes[0]).toMatchObject({ op: "add", path: "" });
    expect(svc("cart")).toBeUndefined();
    const record = await roundTripExecute(a);
    cluster.until(() => endpointAddresses("cart") === 2, 30, "cart endpoints");
    await undoAndVerify(record, "deleted");
    expect(svc("cart")).toBeUndefined();
  });

  it("refuses to recreate a Service that exists", async () => {
    const plan = await planAction(cluster.ctx, action({ type: "recreate-service", params: { namespace: NS, name: "web", selector: { app: "web" }, ports: [{ port: 80 }] } }));
    expect(plan.executable).toBe(false);
    expect(plan.dryRun).toMatchObject({ ok: false, reason: "Conflict" });
  });
});
