/**
 * The pipeline worker with the rules agents and TNR, end to end on the real simulator with the
 * shop: a fault is injected, its alerts are ingested into an incident, and `runWorkerOnce` drives
 * the incident through detection, diagnosis, an autopilot-approved proposal and a TNR
 * transaction, until it leaves the agent-owned states.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ingestAlerts } from "../alerts/ingest-alerts";
import type { Severity } from "../alerts/types";
import { startAgentTestShop, syntheticAlert, type AgentTestShop } from "../agents/testing/scenario-pipeline";
import { AGENT_OWNED_STATES, toLifecycleState } from "../incidents/lifecycle";
import { log } from "../log";
import { findScenario } from "../sim/scenarios/catalog";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../sim/shop/topology";
import type { SloConfig } from "../telemetry/slo";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { createPrismaWriteLock } from "../tnr/db/prisma-write-lock";
import { createHealthProbe, type HealthProbeRequest } from "../tnr/health-probe";
import type { TnrStore, TnrVerdict } from "../tnr/tnr-store";
import { hookedStore, SimulatedCrash } from "../tnr/testing/hooked-store";
import { steppedSimClock } from "../tnr/testing/stepped-sim-clock";
import { runWorkerOnce, type WorkerTick } from "./run-worker-once";
import { createAgentPipelineSteps } from "./agent-steps";
import { requestUndo } from "../incidents/request-undo";
import { knownServiceSpecs, recordServiceSpecs } from "./service-spec-snapshots";

const quiet = log.child({ test: "rules-pipeline" });
const SHOP_SLOS: SloConfig = { services: Object.fromEntries(SHOP_SERVICES.map((s) => [s.name, { p99Ms: s.sloP99Seconds * 1000 }])) };
/** Simulated seconds allowed for alerts to resolve after the fix. */
const RESOLVE_MARGIN_SECONDS = 300;

let shop: AgentTestShop | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  await shop?.stop();
  await database?.cleanup();
  shop = null;
  database = null;
});

/** Injects the scenario, waits for its alerts, ingests them as one incident due for the worker. */
async function incidentFor(t: AgentTestShop, db: TestDatabase["db"], name: string) {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  t.shop.scenarios.inject(name);
  const expected = scenario.groundTruth.expectedAlerts.map((a) => `${a.alertname}/${a.service}`);
  const firing = () => t.shop.rules.alerts().filter((a) => a.state === "firing");
  const firingKeys = () => new Set(firing().map((a) => `${a.labels.alertname}/${a.labels.service}`));
  for (let waited = 0; !expected.every((k) => firingKeys().has(k)); waited += 10) {
    if (waited > scenario.detectWithinSeconds) throw new Error(`${name}: alerts ${expected.join(", ")} not firing (got ${[...firingKeys()].join(", ")})`);
    await t.advance(10);
  }
  const alerts = firing().map((a) =>
    syntheticAlert({ name: a.labels.alertname ?? "", service: a.labels.service ?? "", severity: (a.labels.severity as Severity) ?? "warning", startsAt: new Date(a.activeAtMs) }),
  );
  const ingested = await ingestAlerts({ db, alerts, groupWindowMs: 15 * 60_000 });
  // Ingestion groups by service; the scenario is one incident: gather its alerts under the first.
  const [incidentId, ...others] = ingested.incidentIds;
  if (!incidentId) throw new Error(`${name}: ingestion opened no incident`);
  await db.alert.updateMany({ where: { incidentId: { in: others } }, data: { incidentId } });
  await db.incidentEvent.deleteMany({ where: { incidentId: { in: others } } });
  await db.incident.deleteMany({ where: { id: { in: others } } });
  await db.incident.update({ where: { id: incidentId }, data: { state: "DETECTING", namespace: SHOP_NAMESPACE, nextRunAt: new Date() } });
  return { scenario, incidentId };
}

interface DriveOptions {
  wrapStore?: (store: TnrStore) => TnrStore;
  /** Called before each TNR health measurement (throw to make it fail). */
  beforeMeasure?: (request?: HealthProbeRequest) => void;
  owner?: string;
}

function stepsFor(t: AgentTestShop, db: TestDatabase["db"], { wrapStore, beforeMeasure }: DriveOptions = {}) {
  const now = () => t.sim.clock.now();
  return createAgentPipelineSteps({
    db,
    toolContext: { clients: t.clients, defaultNamespace: SHOP_NAMESPACE, now },
    metrics: t.metrics,
    tnr: {
      lock: createPrismaWriteLock({ db }),
      clock: steppedSimClock(t.sim),
      health: (namespace) => {
        const probe = createHealthProbe({ source: t.metrics, namespace, now, slos: SHOP_SLOS });
        return {
          measure: async (request) => {
            beforeMeasure?.(request);
            return probe.measure(request);
          },
        };
      },
      options: { stabilizationMs: 60_000 },
      ...(wrapStore ? { wrapStore } : {}),
    },
    autopilot: { [SHOP_NAMESPACE]: "high" },
    cluster: "sim",
    knownServiceSpecs: (namespace) => knownServiceSpecs({ db, cluster: "sim", namespace }),
  });
}

/** Runs the worker until the incident leaves the agent-owned states; returns the ticks. */
async function driveIncident(t: AgentTestShop, db: TestDatabase["db"], incidentId: string, options: DriveOptions = {}) {
  const steps = stepsFor(t, db, options);
  const ticks: WorkerTick[] = [];
  for (let i = 0; i < 12; i++) {
    const tick = await runWorkerOnce({ db, owner: options.owner ?? "worker-1", steps, log: quiet });
    ticks.push(tick);
    if (tick.worked && tick.error) throw new Error(`step ${tick.state} failed: ${tick.error}`);
    if (tick.worked && tick.refused.length) throw new Error(`step ${tick.state} refused: ${tick.refused.join("; ")}`);
    const row = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    const state = toLifecycleState(row.state);
    if (!state || !AGENT_OWNED_STATES.includes(state)) return { state: row.state, ticks };
    await t.advance(5);
  }
  throw new Error(`incident still agent-owned after 12 ticks: ${JSON.stringify(ticks)}`);
}

async function eventTypes(db: TestDatabase["db"], incidentId: string) {
  return (await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } })).map((e) => e.type);
}

describe("rules pipeline on the simulated shop", () => {
  for (const name of ["scale-to-zero", "service-wrong-target-port", "bad-image-tag"]) {
    it(`${name}: detected, diagnosed, auto-approved, committed by TNR, shop healthy`, async () => {
      const t = (shop = await startAgentTestShop());
      const { db } = (database = await createTestDatabase());
      const { scenario, incidentId } = await incidentFor(t, db, name);

      const { state } = await driveIncident(t, db, incidentId);
      const types = await eventTypes(db, incidentId);
      expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(state);
      for (const type of ["tnr.lock.acquired", "tnr.action.planned", "tnr.action.executed", "tnr.stabilizing", "agent.tool_call", "agent.step", "detection.confirmed", "agent.diagnosis", "diagnosis.completed", "agent.proposal", "mitigation.proposed", "approval.granted", "execution.started", "execution.completed", "validation.committed"]) {
        expect(types, type).toContain(type);
      }
      expect(types).not.toContain("pipeline.event_refused");
      const toolCall = await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "agent.tool_call" } });
      expect(Object.keys(toolCall.payload as object).sort()).toEqual(["agent", "callId", "durationMs", "ok", "output", "params", "tool"]);
      // Telemetry the agents read directly is on the timeline too, each read with its query, answer and duration.
      const reads = (await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "agent.metrics_reads" } })).payload as { agent: string; reads: Record<string, unknown>[] };
      expect(reads.reads.length).toBeGreaterThan(0);
      expect(Object.keys(reads.reads[0]!).sort()).toEqual(["callId", "durationMs", "method", "ok", "output", "params"]);
      // The lifecycle followed the engine live: MITIGATING -> VALIDATING -> MITIGATED/RESOLVED.
      const committed = await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "validation.committed" } });
      expect(committed.payload).toMatchObject({ from: "VALIDATING", to: state });

      // The diagnosis names the ground truth's faulty object.
      const diagnosis = (await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "agent.diagnosis" } })).payload as {
        faultyObject: { kind: string; name: string; namespace: string };
        otherCauses: { faultyObject: { kind: string; name: string; namespace: string } }[];
      };
      const named = [diagnosis.faultyObject, ...diagnosis.otherCauses.map((c) => c.faultyObject)];
      for (const fault of scenario.groundTruth.faults) {
        expect(named, `${fault.kind}/${fault.name}`).toContainEqual({ kind: fault.kind, namespace: fault.namespace, name: fault.name });
      }
      const approval = (await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "approval.granted" } })).payload;
      expect(approval).toMatchObject({ by: `autopilot:${SHOP_NAMESPACE}`, auto: true });

      // A committed transaction of the incident, with health better after than before.
      const tx = await db.mitigationTransaction.findFirstOrThrow({ where: { incidentId } });
      expect(tx.phase).toBe("committed");
      const verdict = tx.verdict as unknown as TnrVerdict;
      expect(verdict.outcome).toBe("committed");
      expect(verdict.healthBefore).not.toBeNull();
      expect(verdict.healthAfter!).toBeGreaterThan(verdict.healthBefore!);

      // The shop recovers: rolled out, pods ready, the scenario's alerts resolved.
      for (let waited = 0; waited <= scenario.recoverWithinSeconds + RESOLVE_MARGIN_SECONDS && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);
      expect(t.unhealthyReasons()).toEqual([]);
    }, 60_000);
  }

  it("service-deleted: recreated from the last spec the recorder stored before the fault", async () => {
    const t = (shop = await startAgentTestShop());
    const { db } = (database = await createTestDatabase());
    expect(await recordServiceSpecs({ db, clients: t.clients, cluster: "sim", now: t.sim.clock.now() })).toBeGreaterThanOrEqual(SHOP_SERVICES.length);
    const { incidentId } = await incidentFor(t, db, "service-deleted");
    // The recorder runs again after the deletion: the deleted Service keeps its last spec.
    await recordServiceSpecs({ db, clients: t.clients, cluster: "sim", now: t.sim.clock.now(), namespaces: [SHOP_NAMESPACE] });
    expect((await knownServiceSpecs({ db, cluster: "sim", namespace: SHOP_NAMESPACE })).map((s) => s.name)).toContain("payment");

    const { state } = await driveIncident(t, db, incidentId);
    const types = await eventTypes(db, incidentId);
    expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(state);
    const tx = await db.mitigationTransaction.findFirstOrThrow({ where: { incidentId } });
    expect((tx.actions as { type: string }[]).map((a) => a.type)).toContain("recreate-service");
    for (let waited = 0; waited <= 600 && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);
    expect(t.unhealthyReasons()).toEqual([]);
  }, 90_000);

  it("db-dropped-user: escalated with runbook steps, nothing written to the cluster", async () => {
    const t = (shop = await startAgentTestShop());
    const { db } = (database = await createTestDatabase());
    const { incidentId } = await incidentFor(t, db, "db-dropped-user");
    const specs = () =>
      JSON.stringify(
        (["deployments.apps", "services", "configmaps", "secrets"] as const).map((resource) =>
          (t.sim.store.list(resource, SHOP_NAMESPACE).items as { metadata: { name: string; resourceVersion?: string }; spec?: unknown; data?: unknown }[])
            .map((o) => ({ name: o.metadata.name, spec: o.spec ?? null, data: o.data ?? null }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        ),
      );
    const before = specs();

    const { state } = await driveIncident(t, db, incidentId);
    const types = await eventTypes(db, incidentId);
    expect(state, types.join(", ")).toBe("ESCALATED");
    const escalation = (await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: { in: ["mitigation.no_safe_action", "diagnosis.no_safe_action"] } } })).payload as { runbookSteps: string[] };
    expect(escalation.runbookSteps.length).toBeGreaterThan(0);
    expect(types).not.toContain("approval.granted");
    expect(await db.mitigationTransaction.count()).toBe(0);
    expect(specs()).toBe(before);
  }, 60_000);

  it("a worker that crashes while validating (before the verdict is stored) is resumed by the next one through TNR recovery", async () => {
    const t = (shop = await startAgentTestShop());
    const { db } = (database = await createTestDatabase());
    const { incidentId } = await incidentFor(t, db, "scale-to-zero");
    let crashed = false;
    const crashBeforeVerdict = (store: TnrStore) =>
      hookedStore(store, {
        before: (write) => {
          if (!crashed && write.op === "saveVerdict") {
            crashed = true;
            throw new SimulatedCrash("before storing the verdict");
          }
        },
      });
    await expect(driveIncident(t, db, incidentId, { wrapStore: crashBeforeVerdict })).rejects.toThrow(/simulated crash/);
    const stuck = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(stuck.state).toBe("VALIDATING");
    expect((await db.mitigationTransaction.findFirstOrThrow({ where: { incidentId } })).phase).toBe("validating");

    // Another worker picks it up once due (the back-off is skipped here).
    await db.incident.update({ where: { id: incidentId }, data: { nextRunAt: new Date() } });
    const { state } = await driveIncident(t, db, incidentId, { owner: "worker-2" });
    const types = await eventTypes(db, incidentId);
    expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(state);
    expect(types).toEqual(expect.arrayContaining(["pipeline.step_failed", "recovery.resumed", "validation.committed", "tnr.recovered"]));
    const tx = await db.mitigationTransaction.findFirstOrThrow({ where: { incidentId } });
    expect(tx.phase).toBe("committed");
    expect(await db.mitigationTransaction.count()).toBe(1);
  }, 60_000);
  it("a transaction TNR rolls back is reviewed and the incident goes round again to a committed fix", async () => {
    const t = (shop = await startAgentTestShop());
    const { db } = (database = await createTestDatabase());
    const { incidentId } = await incidentFor(t, db, "scale-to-zero");
    let failed = false;
    // The first "after" measurement fails: TNR does not commit without evidence, it rolls back.
    const failFirstHealthAfter = (request?: HealthProbeRequest) => {
      if (!failed && request?.services) {
        failed = true;
        throw new Error("metrics source unavailable");
      }
    };
    const { state } = await driveIncident(t, db, incidentId, { beforeMeasure: failFirstHealthAfter });
    const types = await eventTypes(db, incidentId);
    expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(state);
    expect(types).toEqual(expect.arrayContaining(["validation.regressed", "rollback.completed", "rollback.reviewed", "validation.committed"]));
    expect(types.filter((type) => type === "diagnosis.completed")).toHaveLength(2);
    const phases = (await db.mitigationTransaction.findMany({ where: { incidentId }, orderBy: { createdAt: "asc" } })).map((tx) => tx.phase);
    expect(phases).toEqual(["rolled_back", "committed"]);
  }, 60_000);

  it("an operator's undo of a committed fix is TNR-checked: undoing it would break checkout again, so the fix is re-applied", async () => {
    const t = (shop = await startAgentTestShop());
    const { db } = (database = await createTestDatabase());
    const { incidentId } = await incidentFor(t, db, "scale-to-zero");
    await driveIncident(t, db, incidentId);
    const tx = await db.mitigationTransaction.findFirstOrThrow({ where: { incidentId } });
    expect(tx.phase).toBe("committed");
    for (let waited = 0; waited <= 300 && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);

    // Asking twice applies once; a transaction of another incident is not found.
    const accepted = await requestUndo({ db, incidentId, by: "alice", request: { transactionId: tx.id, reason: "suspect the scale-up" } });
    expect(accepted).toEqual({ transactionId: tx.id, state: "UNDOING" });
    await expect(requestUndo({ db, incidentId, by: "bob", request: { transactionId: tx.id, reason: "again" } })).rejects.toMatchObject({ code: "conflict" });
    await expect(requestUndo({ db, incidentId: "other", by: "bob", request: { transactionId: tx.id, reason: "x" } })).rejects.toMatchObject({ code: "not_found" });

    const { state } = await driveIncident(t, db, incidentId);
    const types = await eventTypes(db, incidentId);
    expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(state);
    expect(types).toEqual(expect.arrayContaining(["operator.undo_requested", "undo.aborted", "tnr.undo_result"]));
    const aborted = (await db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "undo.aborted" } })).payload as { healthBefore: number; healthAfter: number; from: string };
    expect(aborted.from).toBe("UNDOING");
    expect(aborted.healthAfter).toBeLessThan(aborted.healthBefore);
    const after = await db.mitigationTransaction.findUniqueOrThrow({ where: { id: tx.id } });
    expect(after.phase).toBe("committed");
    expect(after.operatorUndo).toMatchObject({ outcome: "reapplied", regressed: true });
    for (let waited = 0; waited <= 300 && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);
    expect(t.unhealthyReasons()).toEqual([]);
  }, 90_000);
});

describe("rules pipeline: reviewing a rollback", () => {
  it("hands the lesson to the next diagnosis (DIAGNOSING while attempts are left)", async () => {
    const { db } = (database = await createTestDatabase());
    const now = new Date();
    const incident = await db.incident.create({
      data: { title: "checkout errors", severity: "critical", state: "ROLLED_BACK", namespace: SHOP_NAMESPACE, groupKey: "g", triggeredAt: now, lastAlertAt: now, nextRunAt: now },
    });
    await db.alert.create({ data: firingAlert(incident.id, "firing", now) });
    await db.incidentEvent.createMany({
      data: [
        { incidentId: incident.id, type: "validation.regressed", payload: { transactionId: "tx-1", healthBefore: 60, healthAfter: 40, regressedScopes: ["checkout"], reason: "checkout lost 20 points" } },
        { incidentId: incident.id, type: "rollback.completed", payload: { transactionId: "tx-1", undoneActions: 1 } },
      ],
    });
    const steps = reviewOnlySteps(db);
    const tick = await runWorkerOnce({ db, owner: "w1", steps, log: quiet });
    expect(tick).toMatchObject({ worked: true, applied: ["rollback.reviewed: ROLLED_BACK -> DIAGNOSING"] });
    const reviewed = await db.incidentEvent.findFirstOrThrow({ where: { incidentId: incident.id, type: "rollback.reviewed" } });
    expect((reviewed.payload as { whatDidNotWork: string }).whatDidNotWork).toMatch(/checkout lost 20 points/);
  });

  it("resolves instead of retrying when no alert fires any more (an operator undid a fix after resolution)", async () => {
    const { db } = (database = await createTestDatabase());
    const now = new Date();
    const incident = await db.incident.create({
      data: { title: "checkout errors", severity: "critical", state: "ROLLED_BACK", namespace: SHOP_NAMESPACE, groupKey: "g", triggeredAt: now, lastAlertAt: now, nextRunAt: now },
    });
    await db.alert.create({ data: firingAlert(incident.id, "resolved", now) });
    await db.incidentEvent.create({ data: { incidentId: incident.id, type: "undo.completed", payload: { transactionId: "tx-1", healthBefore: 90, healthAfter: 91 } } });
    const steps = reviewOnlySteps(db);
    const tick = await runWorkerOnce({ db, owner: "w1", steps, log: quiet });
    expect(tick).toMatchObject({ worked: true, applied: ["alerts.cleared: ROLLED_BACK -> RESOLVED"] });
    expect(await db.incidentEvent.count({ where: { incidentId: incident.id, type: "pipeline.rollback_reviewed" } })).toBe(1);
  });
});

/** Pipeline steps for reviewing a rollback: no cluster, metrics or transaction is touched. */
function reviewOnlySteps(db: TestDatabase["db"]) {
  return createAgentPipelineSteps({
    db,
    toolContext: { clients: {} as never, defaultNamespace: SHOP_NAMESPACE, now: () => new Date() },
    metrics: {} as never,
    tnr: { lock: createPrismaWriteLock({ db }), clock: { now: () => new Date(), sleep: async () => {} }, health: () => ({ measure: () => Promise.reject(new Error("unused")) }) },
    autopilot: {},
    cluster: "sim",
  });
}

function firingAlert(incidentId: string, status: "firing" | "resolved", at: Date) {
  return {
    incidentId,
    source: "alertmanager",
    fingerprint: `HighErrorRatio/checkout/${status}`,
    status,
    severity: "critical",
    name: "HighErrorRatio",
    summary: "checkout errors",
    description: "",
    namespace: SHOP_NAMESPACE,
    service: "checkout",
    labels: {},
    annotations: {},
    startsAt: at,
    raw: {},
  };
}
