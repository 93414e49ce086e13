import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { applyLifecycleEvent } from "./apply-lifecycle-event";
import { claimNextIncident, releaseLease, renewLease } from "./incident-lease";

const T0 = new Date("2026-11-21T10:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe("incident lifecycle persistence", () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createTestDatabase();
  });
  afterEach(async () => {
    await test.cleanup();
  });

  async function incident(overrides: { state?: string; nextRunAt?: Date | null; firing?: number } = {}) {
    const row = await test.db.incident.create({
      data: {
        title: "checkout errors",
        severity: "critical",
        state: overrides.state ?? "DETECTING",
        namespace: "shop",
        service: "checkout",
        groupKey: `svc:-/shop/checkout/${Math.random()}`,
        triggeredAt: T0,
        lastAlertAt: T0,
        nextRunAt: overrides.nextRunAt === undefined ? T0 : overrides.nextRunAt,
      },
    });
    for (let i = 0; i < (overrides.firing ?? 1); i++) {
      await test.db.alert.create({
        data: {
          source: "generic", fingerprint: `${row.id}-${i}`, status: "firing", severity: "critical", name: "HighErrorRatio",
          summary: "s", description: "", labels: {}, annotations: {}, raw: {}, startsAt: T0, incidentId: row.id,
        },
      });
    }
    return row;
  }

  it("applies a transition: new state, milestone timestamp and its event in one write", async () => {
    const { id } = await incident();
    const result = await applyLifecycleEvent(test.db, {
      incidentId: id,
      event: { type: "detection.confirmed", payload: { severity: "critical", evidence: ["error ratio 0.12 over 5m"] } },
      now: at(5),
    });
    expect(result).toMatchObject({ ok: true, from: "DETECTING", next: "DIAGNOSING", changed: true });
    const row = await test.db.incident.findUniqueOrThrow({ where: { id } });
    expect(row.state).toBe("DIAGNOSING");
    expect(row.detectedAt?.toISOString()).toBe(at(5).toISOString());
    expect(row.nextRunAt?.toISOString()).toBe(at(5).toISOString());
    const event = await test.db.incidentEvent.findFirstOrThrow({ where: { incidentId: id } });
    expect(event.type).toBe("detection.confirmed");
    expect(event.payload).toMatchObject({ from: "DETECTING", to: "DIAGNOSING", severity: "critical" });
  });

  it("refuses an invalid transition, changes nothing and says why", async () => {
    const { id } = await incident();
    const result = await applyLifecycleEvent(test.db, {
      incidentId: id,
      event: { type: "approval.granted", payload: { transactionId: "tx-1", by: "ana", auto: false } },
      now: at(5),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/DETECTING/);
    expect((await test.db.incident.findUniqueOrThrow({ where: { id } })).state).toBe("DETECTING");
    expect(await test.db.incidentEvent.count()).toBe(0);
  });

  it("refuses a malformed event payload with the field named", async () => {
    const { id } = await incident();
    const result = await applyLifecycleEvent(test.db, { incidentId: id, event: { type: "detection.noise", payload: {} } as never, now: at(1) });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/invalid detection.noise event/);
  });

  it("a worker without the lease cannot change the incident", async () => {
    const { id } = await incident();
    const claimed = await claimNextIncident({ db: test.db, owner: "worker-a", leaseMs: 30_000, now: at(1) });
    expect(claimed?.id).toBe(id);
    const stolen = await applyLifecycleEvent(test.db, {
      incidentId: id,
      event: { type: "detection.noise", payload: { reason: "a blip that recovered" } },
      leaseOwner: "worker-b",
      now: at(2),
    });
    expect(stolen.ok).toBe(false);
    expect(!stolen.ok && stolen.reason).toMatch(/does not hold the lease/);
    const held = await applyLifecycleEvent(test.db, {
      incidentId: id,
      event: { type: "detection.noise", payload: { reason: "a blip that recovered" } },
      leaseOwner: "worker-a",
      now: at(2),
    });
    expect(held).toMatchObject({ ok: true, next: "CLOSED_AS_NOISE" });
    expect((await test.db.incident.findUniqueOrThrow({ where: { id } })).nextRunAt).toBeNull();
  });

  it("claims each due incident for exactly one of several racing workers", async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, () => incident().then((r) => r.id)));
    await incident({ state: "AWAITING_APPROVAL", nextRunAt: null });
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, w) => claimNextIncident({ db: test.db, owner: `worker-${w}`, leaseMs: 30_000, now: at(1) })),
    );
    const won = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(new Set(won).size).toBe(won.length);
    expect(won.sort()).toEqual(ids.sort());
  });

  it("an expired lease (a crashed worker) can be claimed again; renew and release work for the holder only", async () => {
    const { id } = await incident();
    await claimNextIncident({ db: test.db, owner: "crashed", leaseMs: 10_000, now: at(0) });
    expect(await claimNextIncident({ db: test.db, owner: "other", leaseMs: 10_000, now: at(5) })).toBeNull();
    expect(await renewLease({ db: test.db, incidentId: id, owner: "other", leaseMs: 10_000, now: at(5) })).toBe(false);
    const reclaimed = await claimNextIncident({ db: test.db, owner: "other", leaseMs: 10_000, now: at(11) });
    expect(reclaimed?.id).toBe(id);
    expect(await renewLease({ db: test.db, incidentId: id, owner: "other", leaseMs: 10_000, now: at(12) })).toBe(true);
    await releaseLease({ db: test.db, incidentId: id, owner: "other", nextRunAt: at(60) });
    const row = await test.db.incident.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ leaseOwner: null, leaseExpiresAt: null });
    expect(row.nextRunAt?.toISOString()).toBe(at(60).toISOString());
  });

  it("counts failed attempts from the event log: the third rejection escalates", async () => {
    const { id } = await incident({ state: "AWAITING_APPROVAL", nextRunAt: null });
    for (let attempt = 1; attempt <= 3; attempt++) {
      const rejected = await applyLifecycleEvent(test.db, {
        incidentId: id,
        event: { type: "approval.rejected", payload: { transactionId: `tx-${attempt}`, by: "ana", reason: "too risky" } },
        now: at(attempt * 10),
      });
      expect(rejected.ok).toBe(true);
      if (attempt < 3) {
        expect(rejected).toMatchObject({ next: "DIAGNOSING" });
        // Back to a proposal for the next round.
        await test.db.incident.update({ where: { id }, data: { state: "AWAITING_APPROVAL" } });
      } else {
        expect(rejected).toMatchObject({ next: "ESCALATED", failedAttempts: 3 });
      }
    }
  });
});
