/**
 * recoverTransaction after simulated crashes at exact points of the write-ahead sequence (a
 * store hook throws, and recovery starts from a copy of what had been stored), against the real
 * simulator with the demo shop: no action runs twice, and the cluster ends either fixed
 * (committed) or back at its snapshots.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryTnrStore, type MemoryTnrStore } from "./memory-tnr-store";
import { createMemoryWriteLock } from "./memory-write-lock";
import { recoverTransaction } from "./recover-transaction";
import { runTransaction } from "./run-transaction";
import { recordEvents, type EventRecorder } from "./testing/event-recorder";
import { hookedStore, SimulatedCrash } from "./testing/hooked-store";
import { scale, SHOP_NAMESPACE, startTnrShopCluster, TEST_CLUSTER, type TnrShopCluster } from "./testing/tnr-shop-cluster";
import type { TnrStoreWrite } from "./memory-tnr-store";
import type { TnrTransaction } from "./tnr-store";
import type { WriteLock } from "./write-lock";

let cluster: TnrShopCluster;

beforeAll(async () => {
  cluster = await startTnrShopCluster(11);
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const tx = (id: string, service: string, actions: TnrTransaction["actions"]): TnrTransaction => ({ id, cluster: TEST_CLUSTER, namespace: SHOP_NAMESPACE, target: { service }, actions });

/** Runs `transaction` until the hook "crashes" at `crashAt`; returns a new store holding exactly what had been written. */
async function runUntilCrash(transaction: TnrTransaction, lock: WriteLock, crashAt: { timing: "before" | "after"; write: (w: TnrStoreWrite) => boolean }): Promise<MemoryTnrStore> {
  const beforeCrash = createMemoryTnrStore();
  const hook = (w: TnrStoreWrite) => {
    if (crashAt.write(w)) throw new SimulatedCrash(`${crashAt.timing} ${w.op}`);
  };
  const store = hookedStore(beforeCrash, { [crashAt.timing]: hook });
  const outcome = await runTransaction({ tx: transaction, ctx: cluster.ctx, store, lock, clock: cluster.clock, health: cluster.health, emit: () => undefined }).catch((e: unknown) => e);
  expect(outcome).toBeInstanceOf(SimulatedCrash);
  return createMemoryTnrStore({ from: beforeCrash.snapshot() });
}

function recover(txId: string, store: MemoryTnrStore, lock: WriteLock, recorder: EventRecorder) {
  return recoverTransaction({ txId, owner: "worker-2", previousOwner: "worker-1", ctx: cluster.ctx, store, lock, clock: cluster.clock, health: cluster.health, emit: recorder.emit });
}

/** Writes that only happen when an action is about to run or has run. */
const executionWrites = (store: MemoryTnrStore) => store.journal.filter((w) => w.op === "saveUndoRecord" || w.op === "markActionExecuted");

async function settle() {
  await cluster.advanceUntil(() => cluster.rolledOut(), 300, "shop rolled out");
  await cluster.advance(90);
}

describe("recoverTransaction", () => {
  it("validates and commits a fix that crashed after executing and before its verdict, without executing it again, once the crashed lease expires", async () => {
    let lockNow = 0;
    const lock = createMemoryWriteLock({ nowMs: () => lockNow });
    await cluster.scenario("scale-to-zero", "inject");
    await cluster.advance(120);
    // Crash after step 5: every action executed and marked, the move to validating never stored.
    const store = await runUntilCrash(tx("crash-validate", "payment", [scale("payment", 2)]), lock, { timing: "before", write: (w) => w.op === "savePhase" && w.phase === "validating" });
    const generationAfterCrash = cluster.deployment("payment").metadata.generation;
    expect((await store.loadTransaction("crash-validate"))?.phase).toBe("mitigating");

    // The crashed worker's lease is still live: recovery must wait for it to expire.
    const crashedLease = await lock.acquire({ cluster: TEST_CLUSTER, namespace: SHOP_NAMESPACE, owner: "worker-1", ttlMs: 180_000 });
    await expect(recover("crash-validate", store, lock, recordEvents())).rejects.toMatchObject({ code: "namespace-busy" });
    expect(crashedLease).not.toBeNull();
    lockNow += 180_000;

    const recorder = recordEvents();
    const recovery = await recover("crash-validate", store, lock, recorder);

    expect(recovery.resumed).toBe("validated");
    expect(recovery.reconciled).toEqual([]);
    expect(recovery.result?.verdict, recovery.result?.reasons.join("\n")).toBe("committed");
    expect(recovery.result!.scoreAfter!).toBeGreaterThan(recovery.result!.scoreBefore!);
    expect(executionWrites(store)).toEqual([]);
    expect(cluster.deployment("payment").metadata.generation).toBe(generationAfterCrash);
    expect(cluster.deployment("payment").spec.replicas).toBe(2);
    expect(recorder.lifecycleTypes()).toEqual(["recovery.resumed", "execution.completed", "validation.committed"]);
    expect(recorder.lifecycle("recovery.resumed")?.payload).toEqual({ workerId: "worker-2", previousWorkerId: "worker-1", step: "mitigating: 1 of 1 actions marked executed, 1 undo records stored" });
    await cluster.scenario("scale-to-zero", "fix");
    await settle();
  });

  it("finds from the live object that an unmarked action ran, and undoes it when the transaction did not finish", async () => {
    const lock = createMemoryWriteLock();
    const checkoutGeneration = cluster.deployment("checkout").metadata.generation;
    // Crash between executing action 1 and marking it: its change is in the cluster, the log does not say so.
    const store = await runUntilCrash(tx("crash-unmarked", "cart", [scale("cart", 3), scale("checkout", 3)]), lock, { timing: "before", write: (w) => w.op === "markActionExecuted" && w.index === 0 });
    expect(cluster.deployment("cart").spec.replicas).toBe(3);
    const recorder = recordEvents();

    const recovery = await recover("crash-unmarked", store, lock, recorder);

    expect(recovery.resumed).toBe("rolled-back");
    expect(recovery.reconciled).toEqual([{ index: 0, ran: true, evidence: ["/spec/replicas: snapshot 2, live 3"] }]);
    expect(recovery.result).toMatchObject({ verdict: "aborted", cause: "interrupted", rollback: { undone: 1, restored: true } });
    expect(recovery.result?.actions.map((a) => a.status)).toEqual(["undone", "not-run"]);
    expect(cluster.deployment("cart").spec.replicas).toBe(2);
    expect(cluster.deployment("checkout").metadata.generation).toBe(checkoutGeneration); // action 2 never ran, before or after the crash
    expect(recorder.lifecycleTypes()).toEqual(["recovery.resumed", "execution.failed", "rollback.completed"]);
    await settle();
  });

  it("does not run an action whose undo record was stored just before the crash, and undoes the one that ran", async () => {
    const lock = createMemoryWriteLock();
    const checkoutGeneration = cluster.deployment("checkout").metadata.generation;
    // Crash after storing action 2's undo record, before executing it.
    const store = await runUntilCrash(tx("crash-recorded", "cart", [scale("cart", 3), scale("checkout", 3)]), lock, { timing: "after", write: (w) => w.op === "saveUndoRecord" && w.index === 1 });
    const recorder = recordEvents();

    const recovery = await recover("crash-recorded", store, lock, recorder);

    expect(recovery.reconciled).toEqual([{ index: 1, ran: false, evidence: [] }]);
    expect(recovery.result).toMatchObject({ verdict: "aborted", cause: "interrupted" });
    expect(recovery.result?.actions.map((a) => a.status)).toEqual(["undone", "not-run"]);
    expect(cluster.deployment("cart").spec.replicas).toBe(2);
    expect(cluster.deployment("checkout").spec.replicas).toBe(2);
    expect(cluster.deployment("checkout").metadata.generation).toBe(checkoutGeneration);
    expect(executionWrites(store)).toEqual([]);
    await settle();
  });

  it("finishes a rollback interrupted half-way, skipping what was already restored", async () => {
    const lock = createMemoryWriteLock();
    // A harmful transaction regresses; the crash comes after the first undo (of action 2) was stored.
    const store = await runUntilCrash(tx("crash-rollback", "cart", [scale("frontend", 3), scale("cart", 0)]), lock, { timing: "after", write: (w) => w.op === "markActionUndone" && w.index === 1 });
    expect(cluster.deployment("cart").spec.replicas).toBe(2);
    expect(cluster.deployment("frontend").spec.replicas).toBe(3);
    const recorder = recordEvents();

    const recovery = await recover("crash-rollback", store, lock, recorder);

    expect(recovery.result).toMatchObject({ verdict: "rolled_back", cause: "health-regressed", rollback: { undone: 1, restored: true } });
    expect(recovery.result?.actions.map((a) => a.status)).toEqual(["undone", "undone"]);
    expect(store.journal.filter((w) => w.op === "markActionUndone")).toEqual([{ op: "markActionUndone", txId: "crash-rollback", index: 0 }]);
    expect(cluster.deployment("frontend").spec.replicas).toBe(2);
    expect(recorder.lifecycleTypes()).toEqual(["recovery.resumed", "rollback.completed"]);
    await settle();
  });

  it("leaves a settled transaction alone", async () => {
    const store = createMemoryTnrStore();
    const lock = createMemoryWriteLock();
    await runTransaction({ tx: tx("settled", "cart", [scale("cart", 0)]), ctx: cluster.ctx, store, lock, clock: cluster.clock, health: cluster.health, emit: () => undefined });
    const recorder = recordEvents();
    const recovery = await recover("settled", store, lock, recorder);
    expect(recovery).toMatchObject({ resumed: "none", result: { verdict: "rolled_back" } });
    expect(recorder.events).toEqual([]);
    await expect(recover("unknown", store, lock, recorder)).rejects.toMatchObject({ code: "not-found" });
    await settle();
  });
});
