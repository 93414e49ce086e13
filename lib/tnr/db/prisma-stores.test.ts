import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { createMemoryWriteLock } from "../memory-write-lock";
import type { TnrTransaction } from "../tnr-store";
import type { WriteLock } from "../write-lock";
import { createPrismaTnrStore } from "./prisma-tnr-store";
import { createPrismaWriteLock } from "./prisma-write-lock";

let test: TestDatabase;
beforeEach(async () => {
  test = await createTestDatabase();
});
afterEach(async () => {
  await test.cleanup();
});

const transaction: TnrTransaction = {
  id: "tx-1",
  cluster: "sim",
  namespace: "shop",
  target: { service: "payment" },
  actions: [
    { type: "scale-deployment", params: { namespace: "shop", name: "payment", replicas: 2 } },
    { type: "rollout-restart", params: { namespace: "shop", name: "payment" } },
  ] as unknown as TnrTransaction["actions"],
};
const undoRecord = { kind: "snapshot", object: { metadata: { name: "payment", resourceVersion: "7" } } } as never;

describe("createPrismaTnrStore", () => {
  it("stores the write-ahead log and loads it back as it was written", async () => {
    const store = createPrismaTnrStore({ db: test.db });
    await store.saveTransaction(transaction);
    await store.saveUndoRecord("tx-1", 0, undoRecord);
    await store.markActionExecuted("tx-1", 0, { resourceVersion: "8" } as never);
    await store.saveHealth("tx-1", "before", { score: 41.5, services: [] } as never);
    await store.savePhase("tx-1", "validating");
    const loaded = await store.loadTransaction("tx-1");
    expect(loaded).toMatchObject({
      id: "tx-1",
      phase: "validating",
      target: { service: "payment" },
      health: { before: { score: 41.5 }, after: null },
      verdict: null,
    });
    expect(loaded!.actions).toEqual(transaction.actions);
    expect(loaded!.steps[0]).toMatchObject({ index: 0, undoRecord, execution: { resourceVersion: "8" }, undo: null });
    expect(loaded!.steps[1]).toMatchObject({ index: 1, undoRecord: null, execution: null });
    expect(await store.loadTransaction("nope")).toBeNull();
  });

  it("refuses to mark an action executed that has no stored undo record", async () => {
    const store = createPrismaTnrStore({ db: test.db });
    await store.saveTransaction(transaction);
    await expect(store.markActionExecuted("tx-1", 1, {} as never)).rejects.toThrow(/no undo record/);
  });

  it("a new undo record starts the step afresh (re-apply), and verdicts settle the phase", async () => {
    const store = createPrismaTnrStore({ db: test.db });
    await store.saveTransaction(transaction);
    await store.saveUndoRecord("tx-1", 0, undoRecord);
    await store.markActionExecuted("tx-1", 0, { resourceVersion: "8" } as never);
    await store.markActionUndone("tx-1", 0, { report: null, verification: { ok: true } } as never);
    await store.saveUndoRecord("tx-1", 0, undoRecord);
    const step = (await store.loadTransaction("tx-1"))!.steps[0]!;
    expect(step.execution).toBeNull();
    expect(step.undo).toBeNull();
    await store.saveVerdict("tx-1", { outcome: "rolled_back", cause: "health-regressed", reasons: ["payment lost 40"], healthBefore: 90, healthAfter: 50, rollback: null, decidedAt: "2026-11-21T10:00:00Z" });
    expect((await store.loadTransaction("tx-1"))!.phase).toBe("rolled_back");
    await store.saveOperatorUndo("tx-1", { outcome: "reapplied", regressed: true, reasons: [], healthBefore: 1, healthAfter: 2, decidedAt: "2026-11-21T10:05:00Z" });
    expect((await store.loadTransaction("tx-1"))!.phase).toBe("committed");
  });

  it("ties transactions to their incident when given one", async () => {
    const incident = await test.db.incident.create({
      data: { title: "t", severity: "high", state: "MITIGATING", groupKey: "g", triggeredAt: new Date(), lastAlertAt: new Date() },
    });
    await createPrismaTnrStore({ db: test.db, incidentId: incident.id }).saveTransaction(transaction);
    expect((await test.db.mitigationTransaction.findUniqueOrThrow({ where: { id: "tx-1" } })).incidentId).toBe(incident.id);
  });
});

// The same contract for both implementations (see write-lock.ts).
describe.each([
  ["memory", (nowMs: () => number) => createMemoryWriteLock({ nowMs })],
  ["database", (nowMs: () => number) => createPrismaWriteLock({ db: test.db, nowMs })],
] as const)("WriteLock contract: %s", (_name, make) => {
  let now = 1_000_000;
  let lock: WriteLock;
  beforeEach(() => {
    now = 1_000_000;
    lock = make(() => now);
  });

  it("grants one writer per cluster + namespace, and other namespaces independently", async () => {
    const first = await lock.acquire({ cluster: "sim", namespace: "shop", owner: "tx-1", ttlMs: 10_000 });
    expect(first).not.toBeNull();
    expect(await lock.acquire({ cluster: "sim", namespace: "shop", owner: "tx-2", ttlMs: 10_000 })).toBeNull();
    expect(await lock.acquire({ cluster: "sim", namespace: "payments", owner: "tx-3", ttlMs: 10_000 })).not.toBeNull();
    expect(await lock.acquire({ cluster: "prod", namespace: "shop", owner: "tx-4", ttlMs: 10_000 })).not.toBeNull();
    expect((await lock.holder("sim", "shop"))?.owner).toBe("tx-1");
  });

  it("of concurrent acquires exactly one wins", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => lock.acquire({ cluster: "sim", namespace: "race", owner: `w${i}`, ttlMs: 5_000 })));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it("an expired lease frees the namespace; the old holder can neither renew nor release the new lease", async () => {
    const crashed = (await lock.acquire({ cluster: "sim", namespace: "shop", owner: "crashed", ttlMs: 1_000 }))!;
    now += 1_001;
    const next = (await lock.acquire({ cluster: "sim", namespace: "shop", owner: "recovery", ttlMs: 1_000 }))!;
    expect(next).not.toBeNull();
    expect(await lock.renew(crashed, 1_000)).toBeNull();
    await lock.release(crashed);
    expect((await lock.holder("sim", "shop"))?.owner).toBe("recovery");
    const renewed = await lock.renew(next, 5_000);
    expect(renewed?.expiresAtMs).toBe(now + 5_000);
    await lock.release(next);
    expect(await lock.holder("sim", "shop")).toBeNull();
  });
});
