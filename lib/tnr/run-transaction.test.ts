/**
 * runTransaction against the real simulator with the demo shop: real actions over the
 * Kubernetes API, real health from the simulator's metrics over HTTP, a manual clock the
 * stabilization window advances.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryTnrStore } from "./memory-tnr-store";
import { createMemoryWriteLock } from "./memory-write-lock";
import { runTransaction } from "./run-transaction";
import { recordEvents, type EventRecorder } from "./testing/event-recorder";
import { hookedStore } from "./testing/hooked-store";
import { action, scale, SHOP_NAMESPACE, startTnrShopCluster, TEST_CLUSTER, type TnrShopCluster } from "./testing/tnr-shop-cluster";
import { TnrError } from "./tnr-error";
import type { TnrStore, TnrTransaction } from "./tnr-store";
import type { WriteLock } from "./write-lock";

let cluster: TnrShopCluster;
let lock: WriteLock;

beforeAll(async () => {
  cluster = await startTnrShopCluster();
  lock = createMemoryWriteLock();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const tx = (id: string, service: string, actions: TnrTransaction["actions"]): TnrTransaction => ({ id, cluster: TEST_CLUSTER, namespace: SHOP_NAMESPACE, target: { service }, actions });

function run(transaction: unknown, store: TnrStore, recorder: EventRecorder, options = {}) {
  return runTransaction({ tx: transaction, ctx: cluster.ctx, store, lock, clock: cluster.clock, health: cluster.health, emit: recorder.emit, options });
}

/** Back to a fully rolled-out shop with a clean health window before the next story. */
async function settle() {
  await cluster.advanceUntil(() => cluster.rolledOut(), 300, "shop rolled out");
  await cluster.advance(90);
}

describe("runTransaction", () => {
  it("commits the right fix (payment scaled back up) with health after above health before, the undo record stored before execution", async () => {
    await cluster.scenario("scale-to-zero", "inject");
    await cluster.advance(120);
    const memory = createMemoryTnrStore();
    const replicasWhenRecordSaved: number[] = [];
    // Write-ahead, seen from the cluster: when the undo record is stored, payment is still at 0.
    const store = hookedStore(memory, { after: (w) => void (w.op === "saveUndoRecord" && replicasWhenRecordSaved.push(cluster.deployment("payment").spec.replicas ?? -1)) });
    const recorder = recordEvents();

    const result = await run(tx("fix-payment", "payment", [scale("payment", 2)]), store, recorder);

    expect(result.verdict, result.reasons.join("\n")).toBe("committed");
    expect(result.cause).toBe("health-held");
    expect(result.scoreBefore).toBe(0);
    expect(result.scoreAfter!).toBeGreaterThan(result.scoreBefore!);
    expect(result.healthAfter!.score).toBeGreaterThan(result.healthBefore!.score);
    expect(result.actions).toMatchObject([{ index: 0, type: "scale-deployment", status: "executed", undoRecordStored: true }]);
    expect(cluster.deployment("payment").spec.replicas).toBe(2);

    expect(replicasWhenRecordSaved).toEqual([0]);
    const ops = memory.journal.map((w) => ("index" in w ? `${w.op}:${w.index}` : "checkpoint" in w ? `${w.op}:${w.checkpoint}` : "phase" in w ? `${w.op}:${w.phase}` : w.op));
    expect(ops).toEqual(["saveTransaction", "saveHealth:before", "saveUndoRecord:0", "markActionExecuted:0", "savePhase:validating", "saveHealth:after", "saveVerdict"]);
    const stored = await memory.loadTransaction("fix-payment");
    expect(stored?.phase).toBe("committed");
    expect(stored?.steps[0]?.undoRecord?.undo).toMatchObject({ kind: "restore-fields", changes: [{ path: "/spec/replicas", before: { present: true, value: 0 }, after: { present: true, value: 2 } }] });

    expect(recorder.lifecycleTypes()).toEqual(["execution.started", "execution.completed", "validation.committed"]);
    expect(recorder.lifecycle("validation.committed")?.payload).toMatchObject({ transactionId: "fix-payment", healthBefore: 0, healthAfter: result.scoreAfter });
    expect(recorder.lifecycle("validation.committed")?.detail.healthAfter?.score).toBe(result.healthAfter!.score);
    await cluster.scenario("scale-to-zero", "fix");
    await settle();
  });

  it("rolls back a harmful transaction (a healthy service scaled to 0), recording both scores and restoring the service", async () => {
    const memory = createMemoryTnrStore();
    const recorder = recordEvents();

    const result = await run(tx("harm-cart", "cart", [scale("cart", 0)]), memory, recorder);

    expect(result.verdict).toBe("rolled_back");
    expect(result.cause).toBe("health-regressed");
    expect(result.scoreBefore!).toBeGreaterThanOrEqual(90);
    expect(result.scoreAfter!).toBeLessThan(result.scoreBefore! - 5);
    expect(result.reasons[0]).toMatch(/^target cart: H \d+\.\d\d → \d+\.\d\d \(-\d+\.\d\d\) regressed beyond tolerance 5\.00/);
    expect(result.rollback).toEqual({ undone: 1, restored: true, failures: [] });
    expect(result.actions).toMatchObject([{ status: "undone", undo: { verification: { restored: true, mismatches: [] } } }]);
    expect(cluster.deployment("cart").spec.replicas).toBe(2);

    const stored = await memory.loadTransaction("harm-cart");
    expect(stored?.verdict).toMatchObject({ outcome: "rolled_back", healthBefore: result.scoreBefore, healthAfter: result.scoreAfter });
    expect(stored?.health.before).not.toBeNull();
    expect(stored?.health.after).not.toBeNull();
    expect(recorder.lifecycleTypes()).toEqual(["execution.started", "execution.completed", "validation.regressed", "rollback.completed"]);
    expect(recorder.lifecycle("validation.regressed")?.payload).toMatchObject({ regressedScopes: expect.arrayContaining(["cart"]) });
    await settle();
  });

  it("undoes the earlier actions when one fails mid-transaction", async () => {
    const memory = createMemoryTnrStore();
    // Someone scales checkout between our snapshot of it and our write: the guarded patch must refuse.
    const store = hookedStore(memory, { after: (w) => void (w.op === "saveUndoRecord" && w.index === 1 && cluster.mutateDeployment("checkout", (d) => void (d.spec.replicas = 4))) });
    const recorder = recordEvents();

    const result = await run(tx("fails-midway", "cart", [scale("cart", 3), scale("checkout", 3)]), store, recorder);

    expect(result.verdict).toBe("aborted");
    expect(result.cause).toBe("execution-failed");
    expect(result.reasons[0]).toMatch(/^action 2 \(scale-deployment\) failed: /);
    expect(result.actions.map((a) => a.status)).toEqual(["undone", "not-run"]);
    expect(result.actions[1]?.undoRecordStored).toBe(true);
    expect(cluster.deployment("cart").spec.replicas).toBe(2);
    expect(cluster.deployment("checkout").spec.replicas).toBe(4); // the other actor's change is not ours to undo
    expect(recorder.lifecycleTypes()).toEqual(["execution.started", "execution.failed", "rollback.completed"]);
    expect(recorder.lifecycle("execution.failed")?.payload).toMatchObject({ executedActions: 1 });
    expect(memory.journal.filter((w) => w.op === "markActionUndone")).toEqual([{ op: "markActionUndone", txId: "fails-midway", index: 0 }]);
    cluster.mutateDeployment("checkout", (d) => void (d.spec.replicas = 2));
    await settle();
  });

  it("aborts before anything is written when a dry run fails", async () => {
    const memory = createMemoryTnrStore();
    const recorder = recordEvents();
    const cartVersion = cluster.deployment("cart").metadata.resourceVersion;

    const result = await run(tx("bad-plan", "cart", [scale("cart", 3), action({ type: "set-image", params: { namespace: SHOP_NAMESPACE, name: "ghost", container: "app", image: "ghost:2" } })]), memory, recorder);

    expect(result).toMatchObject({ verdict: "aborted", cause: "dry-run-failed", healthBefore: null });
    expect(result.reasons).toEqual([expect.stringMatching(/^action 2 \(set-image\): dry run failed: NotFound/)]);
    expect(memory.journal).toEqual([]);
    expect(cluster.deployment("cart").metadata.resourceVersion).toBe(cartVersion);
    expect(recorder.lifecycleTypes()).toEqual(["execution.failed", "rollback.completed"]);
  });

  it("refuses an invalid transaction before taking the lock", async () => {
    const recorder = recordEvents();
    const tooMany = tx("too-many", "cart", [scale("cart", 3), scale("cart", 4)]);
    await expect(run(tooMany, createMemoryTnrStore(), recorder, { maxActions: 1 })).rejects.toMatchObject({ code: "invalid-transaction", message: "actions: a transaction has at most 1 actions" });
    const elsewhere = { ...tx("elsewhere", "cart", [action({ type: "scale-deployment", params: { namespace: "default", name: "cart", replicas: 3 } })]) };
    await expect(run(elsewhere, createMemoryTnrStore(), recorder)).rejects.toMatchObject({ code: "invalid-transaction", message: expect.stringContaining('actions.0.params.namespace: must be the transaction\'s namespace "shop"') });
    await expect(run({ ...tooMany, actions: [{ type: "delete-namespace", params: {} }] }, createMemoryTnrStore(), recorder)).rejects.toThrow(/forbidden/);
    expect(recorder.events).toEqual([]);
  });

  it("refuses a second writer in the same namespace and lets another namespace proceed", async () => {
    const other = await lock.acquire({ cluster: TEST_CLUSTER, namespace: SHOP_NAMESPACE, owner: "worker-b", ttlMs: 60_000 });
    expect(other).not.toBeNull();
    const memory = createMemoryTnrStore();
    const version = cluster.deployment("cart").metadata.resourceVersion;

    const refused = await run(tx("second-writer", "cart", [scale("cart", 3)]), memory, recordEvents()).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(TnrError);
    expect(refused).toMatchObject({ code: "namespace-busy", message: expect.stringMatching(/^namespace busy: sim\/shop is locked by worker-b until /) });
    expect(memory.journal).toEqual([]);
    expect(cluster.deployment("cart").metadata.resourceVersion).toBe(version);
    const elsewhere = await lock.acquire({ cluster: TEST_CLUSTER, namespace: "payments-team", owner: "worker-c", ttlMs: 60_000 });
    expect(elsewhere).not.toBeNull();
    const otherCluster = await lock.acquire({ cluster: "prod-eu", namespace: SHOP_NAMESPACE, owner: "worker-d", ttlMs: 60_000 });
    expect(otherCluster).not.toBeNull();
    for (const lease of [other, elsewhere, otherCluster]) if (lease) await lock.release(lease);
  });
});
