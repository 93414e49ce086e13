/**
 * An operator's undo of a committed transaction, TNR-checked, against the real simulator with
 * the demo shop: an undo that holds restores the snapshots; an undo that regresses is re-applied
 * by default (lifecycle `undo.aborted`), or kept when the caller says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryTnrStore, type MemoryTnrStore } from "./memory-tnr-store";
import { createMemoryWriteLock } from "./memory-write-lock";
import { runTransaction } from "./run-transaction";
import { recordEvents } from "./testing/event-recorder";
import { scale, SHOP_NAMESPACE, startTnrShopCluster, TEST_CLUSTER, type TnrShopCluster } from "./testing/tnr-shop-cluster";
import type { TnrTransaction } from "./tnr-store";
import { undoCommittedTransaction, type UndoRegressionPolicy } from "./undo-committed-transaction";
import type { WriteLock } from "./write-lock";

let cluster: TnrShopCluster;
let lock: WriteLock;

beforeAll(async () => {
  cluster = await startTnrShopCluster(13);
  lock = createMemoryWriteLock();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const tx = (id: string, service: string, actions: TnrTransaction["actions"]): TnrTransaction => ({ id, cluster: TEST_CLUSTER, namespace: SHOP_NAMESPACE, target: { service }, actions });
const runtime = (store: MemoryTnrStore, emit = recordEvents().emit) => ({ ctx: cluster.ctx, store, lock, clock: cluster.clock, health: cluster.health, emit });

async function commit(store: MemoryTnrStore, transaction: TnrTransaction) {
  const result = await runTransaction({ tx: transaction, ...runtime(store) });
  expect(result.verdict, result.reasons.join("\n")).toBe("committed");
}

function undo(store: MemoryTnrStore, txId: string, recorder = recordEvents(), onRegression?: UndoRegressionPolicy) {
  return undoCommittedTransaction({ txId, requestedBy: "alice", ...runtime(store, recorder.emit), ...(onRegression ? { options: { onRegression } } : {}) });
}

async function settle() {
  await cluster.advanceUntil(() => cluster.rolledOut(), 300, "shop rolled out");
  await cluster.advance(90);
}

describe("undoCommittedTransaction", () => {
  it("undoes a committed transaction whose undo does not hurt, restoring the snapshot", async () => {
    const store = createMemoryTnrStore();
    await commit(store, tx("scale-up-cart", "cart", [scale("cart", 3)]));
    expect(cluster.deployment("cart").spec.replicas).toBe(3);
    const recorder = recordEvents();

    const result = await undo(store, "scale-up-cart", recorder);

    expect(result, result.reasons.join("\n")).toMatchObject({ outcome: "undone", regressed: false });
    expect(result.healthBefore).not.toBeNull();
    expect(result.healthAfter).not.toBeNull();
    expect(result.actions).toMatchObject([{ status: "undone", undo: { verification: { restored: true } } }]);
    expect(cluster.deployment("cart").spec.replicas).toBe(2);
    const stored = await store.loadTransaction("scale-up-cart");
    expect(stored?.phase).toBe("undone");
    expect(stored?.health["undo-before"]).not.toBeNull();
    expect(stored?.health["undo-after"]).not.toBeNull();
    expect(recorder.lifecycleTypes()).toEqual(["undo.completed"]);
    await expect(undo(store, "scale-up-cart")).rejects.toMatchObject({ code: "invalid-state" });
    await settle();
  });

  it("re-applies the transaction when undoing it would regress health (the fix stays)", async () => {
    await cluster.scenario("scale-to-zero", "inject");
    await cluster.advance(120);
    const store = createMemoryTnrStore();
    await commit(store, tx("fix-payment", "payment", [scale("payment", 2)]));
    await cluster.advance(60);
    const recorder = recordEvents();

    const result = await undo(store, "fix-payment", recorder);

    expect(result.outcome).toBe("reapplied");
    expect(result.regressed).toBe(true);
    expect(result.healthAfter!).toBeLessThan(result.healthBefore! - 5);
    expect(result.reasons[0]).toMatch(/^target payment: H .* regressed beyond tolerance/);
    expect(cluster.deployment("payment").spec.replicas).toBe(2);
    const stored = await store.loadTransaction("fix-payment");
    expect(stored?.phase).toBe("committed");
    // Re-applied write-ahead: a fresh undo record (back to the undone state, 0) so it can be undone again later.
    expect(stored?.steps[0]).toMatchObject({ execution: { operation: "patched" }, undo: null, undoRecord: { undo: { changes: [{ path: "/spec/replicas", before: { value: 0 }, after: { value: 2 } }] } } });
    expect(recorder.lifecycleTypes()).toEqual(["undo.aborted"]);
    expect(recorder.lifecycle("undo.aborted")?.payload).toMatchObject({ transactionId: "fix-payment", reason: expect.stringContaining("applied again") });
    await settle();
  });

  it("keeps a regressing undo when the caller asks, and says it regressed", async () => {
    await cluster.scenario("scale-to-zero", "inject");
    await cluster.advance(120);
    const store = createMemoryTnrStore();
    await commit(store, tx("fix-then-keep", "payment", [scale("payment", 2)]));
    await cluster.advance(60);
    const recorder = recordEvents();

    const result = await undo(store, "fix-then-keep", recorder, "keep");

    expect(result).toMatchObject({ outcome: "undone", regressed: true });
    expect(result.reasons.at(-1)).toBe("the undo regressed health; kept as the caller asked");
    expect(cluster.deployment("payment").spec.replicas).toBe(0);
    expect((await store.loadTransaction("fix-then-keep"))?.phase).toBe("undone");
    expect(recorder.lifecycleTypes()).toEqual(["undo.completed"]);
    await cluster.scenario("scale-to-zero", "fix");
    await settle();
  });
});
