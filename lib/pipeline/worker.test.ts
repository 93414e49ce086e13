import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LifecycleEvent } from "../incidents/lifecycle";
import { log } from "../log";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import type { PipelineSteps, StepContext, StepOutcome } from "./pipeline-steps";
import { runWorkerOnce } from "./run-worker-once";
import { startWorker } from "./start-worker";

const quiet = log.child({ test: "worker" });

let test: TestDatabase;
beforeEach(async () => {
  test = await createTestDatabase();
});
afterEach(async () => {
  await test.cleanup();
});

async function dueIncident(state = "DETECTING") {
  const now = new Date();
  const incident = await test.db.incident.create({
    data: { title: "checkout errors", severity: "critical", state, groupKey: `g-${Math.random()}`, triggeredAt: now, lastAlertAt: now, nextRunAt: now },
  });
  await test.db.alert.create({
    data: { source: "generic", fingerprint: incident.id, status: "firing", severity: "critical", name: "A", summary: "s", description: "", labels: {}, annotations: {}, raw: {}, startsAt: now, incidentId: incident.id },
  });
  return incident;
}

const event = (e: LifecycleEvent): StepOutcome => ({ events: [e] });

/** Fake steps that walk the happy path to AWAITING_APPROVAL, recording what ran. */
function happySteps(calls: string[]): PipelineSteps {
  return {
    detect: async (ctx) => {
      calls.push(`detect ${ctx.state}`);
      await ctx.record({ type: "agent.step", payload: { agent: "detection", text: "error ratio 12% for 5m" } });
      return event({ type: "detection.confirmed", payload: { severity: "critical", evidence: ["error ratio 0.12"] } });
    },
    diagnose: async (ctx) => {
      calls.push(`diagnose ${ctx.state}`);
      return event({ type: "diagnosis.completed", payload: { rootCause: "payment scaled to 0", evidence: ["replicas 0"], confidence: 0.9 } });
    },
    propose: async (ctx) => {
      calls.push(`propose ${ctx.state}`);
      return event({ type: "mitigation.proposed", payload: { transactionId: "tx-1", actionCount: 1, summary: "scale payment to 2" } });
    },
    transact: async () => {
      throw new Error("not expected");
    },
    reviewRollback: async () => {
      throw new Error("not expected");
    },
  };
}

describe("pipeline worker", () => {
  it("runs the step of each agent-owned state until a human owns the incident", async () => {
    const incident = await dueIncident("TRIGGERED");
    const calls: string[] = [];
    const steps = happySteps(calls);
    const ticks = [];
    for (let i = 0; i < 5; i++) ticks.push(await runWorkerOnce({ db: test.db, owner: "w1", steps, log: quiet }));
    expect(calls).toEqual(["detect DETECTING", "diagnose DIAGNOSING", "propose PROPOSED"]);
    expect(ticks.filter((t) => t.worked)).toHaveLength(3);
    const row = await test.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row).toMatchObject({ state: "AWAITING_APPROVAL", leaseOwner: null, nextRunAt: null });
    expect(row.detectedAt && row.diagnosedAt && row.proposedAt).toBeTruthy();
    const types = (await test.db.incidentEvent.findMany({ where: { incidentId: incident.id }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["agent.step", "detection.confirmed", "diagnosis.completed", "mitigation.proposed"]);
  });

  it("a step that throws changes nothing, is recorded, and is retried after a back-off", async () => {
    const incident = await dueIncident();
    const steps = { ...happySteps([]), detect: async () => Promise.reject(new Error("metrics source unreachable")) };
    const tick = await runWorkerOnce({ db: test.db, owner: "w1", steps, log: quiet });
    expect(tick).toMatchObject({ worked: true, error: "metrics source unreachable" });
    const row = await test.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.state).toBe("DETECTING");
    expect(row.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 10_000);
    expect(await runWorkerOnce({ db: test.db, owner: "w1", steps, log: quiet })).toEqual({ worked: false });
    expect((await test.db.incidentEvent.findFirstOrThrow({ where: { incidentId: incident.id } })).type).toBe("pipeline.step_failed");
  });

  it("an event the table refuses leaves the state and backs off instead of spinning", async () => {
    const incident = await dueIncident();
    const steps = { ...happySteps([]), detect: async () => event({ type: "approval.granted", payload: { transactionId: "x", by: "bot", auto: true } }) };
    const tick = await runWorkerOnce({ db: test.db, owner: "w1", steps, log: quiet });
    expect(tick.worked && tick.refused[0]).toMatch(/approval.granted/);
    const row = await test.db.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.state).toBe("DETECTING");
    expect(row.nextRunAt!.getTime()).toBeGreaterThan(Date.now() + 10_000);
  });

  it("a crashed worker's incident is resumed by another once its lease expires, from the stored state", async () => {
    const incident = await dueIncident("DIAGNOSING");
    const t0 = new Date();
    // Worker A claims and dies without releasing (no step result is stored).
    const { claimNextIncident } = await import("../incidents/incident-lease");
    expect((await claimNextIncident({ db: test.db, owner: "crashed", leaseMs: 1_000, now: t0 }))?.id).toBe(incident.id);
    const calls: string[] = [];
    const later = () => new Date(t0.getTime() + 2_000);
    expect(await runWorkerOnce({ db: test.db, owner: "w2", steps: happySteps(calls), log: quiet, now: () => t0 })).toEqual({ worked: false });
    await runWorkerOnce({ db: test.db, owner: "w2", steps: happySteps(calls), log: quiet, now: later });
    expect(calls).toEqual(["diagnose DIAGNOSING"]);
    expect((await test.db.incident.findUniqueOrThrow({ where: { id: incident.id } })).state).toBe("PROPOSED");
  });

  it("two workers never run the same incident's step at once", async () => {
    await Promise.all([dueIncident(), dueIncident(), dueIncident()]);
    const running = new Set<string>();
    const overlaps: string[] = [];
    const slowSteps: PipelineSteps = {
      ...happySteps([]),
      detect: async (ctx: StepContext) => {
        if (running.has(ctx.incident.id)) overlaps.push(ctx.incident.id);
        running.add(ctx.incident.id);
        await new Promise((r) => setTimeout(r, 20));
        running.delete(ctx.incident.id);
        return event({ type: "detection.noise", payload: { reason: "blip" } });
      },
    };
    const ticks = await Promise.all(Array.from({ length: 6 }, (_, w) => runWorkerOnce({ db: test.db, owner: `w${w}`, steps: slowSteps, log: quiet })));
    expect(overlaps).toEqual([]);
    expect(ticks.filter((t) => t.worked)).toHaveLength(3);
    expect(await test.db.incident.count({ where: { state: "CLOSED_AS_NOISE" } })).toBe(3);
  });

  it("the loop works through due incidents and stops cleanly", async () => {
    await Promise.all([dueIncident(), dueIncident()]);
    const calls: string[] = [];
    const worker = startWorker({ db: test.db, steps: happySteps(calls), log: quiet, pollMs: 10 });
    for (let i = 0; i < 100 && (await test.db.incident.count({ where: { state: "AWAITING_APPROVAL" } })) < 2; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
    expect(await test.db.incident.count({ where: { state: "AWAITING_APPROVAL" } })).toBe(2);
    expect(calls.filter((c) => c.startsWith("propose"))).toHaveLength(2);
  });
});
