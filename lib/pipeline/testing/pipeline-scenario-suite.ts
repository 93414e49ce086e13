/**
 * The pipeline scenario suite: each catalogued fault of the simulated shop, injected, alerted,
 * ingested as one incident and driven through the worker (`runWorkerOnce`) with autopilot on
 * until the incident leaves the agent-owned states, then scored against the ground truth.
 * `npm run bench:pipeline` prints it as a table; lib/pipeline/pipeline-scenarios.test.ts asserts it.
 * (Columns and rules: see scripts/bench-pipeline.ts.)
 */
import { performance } from "node:perf_hooks";
import { ingestAlerts } from "../../alerts/ingest-alerts";
import type { Severity } from "../../alerts/types";
import { agentContextFor, startAgentTestShop, syntheticAlert, type AgentTestShop } from "../../agents/testing/scenario-pipeline";
import type { RecreateServiceParams } from "../../cluster/actions/recreate-service";
import { AGENT_OWNED_STATES, toLifecycleState } from "../../incidents/lifecycle";
import type { AgentName } from "../../agents/agent-context";
import { log } from "../../log";
import type { Reasoner } from "../../reasoning/reasoner";
import { listServicesDataSchema, toolData } from "../../reasoning/rules/tool-data";
import { runWorkerOnce } from "../../pipeline/run-worker-once";
import { createAgentPipelineSteps } from "../../pipeline/agent-steps";
import { applyApiChanges } from "../../sim/scenarios/apply-api-changes";
import type { Scenario } from "../../sim/scenarios/types";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../../sim/shop/topology";
import type { HealthMeasurement, ServiceToMeasure } from "../../telemetry/measure-health";
import type { SloConfig } from "../../telemetry/slo";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { createPrismaWriteLock } from "../../tnr/db/prisma-write-lock";
import { createHealthProbe } from "../../tnr/health-probe";
import { hookedStore } from "../../tnr/testing/hooked-store";
import { steppedSimClock } from "../../tnr/testing/stepped-sim-clock";

type Db = TestDatabase["db"];
type Fault = Scenario["groundTruth"]["faults"][number];

const SHOP_SLOS: SloConfig = { services: Object.fromEntries(SHOP_SERVICES.map((s) => [s.name, { p99Ms: s.sloP99Seconds * 1000 }])) };
/** Simulated seconds allowed for alerts to resolve after the fix (as the pipeline test). */
const RESOLVE_MARGIN_SECONDS = 300;
/** Simulated seconds of quiet before the end measurement, so its 60 s window is past the fault. */
const SETTLE_SECONDS = 60;
/** Most worker ticks per incident. */
const MAX_TICKS = 20;
/** A service more than this many points below its pre-fault health is a regression left behind. */
const REGRESSION_POINTS = 5;
/** Faults a human must fix (database users/roles, Secret values): escalating them is correct. */
const humanOnly = (f: Fault) => f.kind === "DatabaseFault" || f.kind === "Secret";

const quiet = log.child({ bench: "pipeline" });
/** How the suite runs. */
export interface ScenarioSuiteOptions {
  /** Give the mitigation step the pre-fault Service inventory (a topology snapshot). */
  useServiceSnapshot: boolean;
  /** The reasoner under test; undefined: the pipeline's default, the rules reasoner. */
  reasoner?: Reasoner;
}

/** What the LLM reasoner spent on one incident, from the usage on its agent.step events. */
export interface LlmSpend {
  tokens: number;
  turns: Record<AgentName, number>;
  fallbacks: number;
}

function llmSpendOf(events: readonly { type: string; payload: unknown }[]): LlmSpend {
  const spend: LlmSpend = { tokens: 0, turns: { detection: 0, diagnosis: 0, mitigation: 0 }, fallbacks: 0 };
  for (const event of events) {
    if (event.type !== "agent.step") continue;
    const step = event.payload as { agent?: AgentName; kind?: string; usage?: { inputTokens?: number; outputTokens?: number } } | null;
    if (step?.kind === "fallback") spend.fallbacks++;
    // One step per model request carries its usage: counting them counts the requests.
    if (!step?.usage || !step.agent || !(step.agent in spend.turns)) continue;
    spend.tokens += (step.usage.inputTokens ?? 0) + (step.usage.outputTokens ?? 0);
    spend.turns[step.agent]++;
  }
  return spend;
}

/** The namespace's Service specs as a topology snapshot keeps them (taken before the fault). */
async function serviceSnapshot(t: AgentTestShop): Promise<RecreateServiceParams[]> {
  const inventory = toolData(await agentContextFor(t).callTool("list_services", { namespace: SHOP_NAMESPACE, limit: 200 }), listServicesDataSchema)?.services ?? [];
  return inventory.map((s) => ({
    namespace: s.namespace,
    name: s.name,
    type: s.type as RecreateServiceParams["type"],
    selector: s.selector,
    ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : p.targetPort, protocol: p.protocol as "TCP" })),
  }));
}

export interface Row {
  scenario: string;
  detected: string;
  localized: boolean | null;
  category: boolean | null;
  outcome: "mitigated" | "escalated ok" | "no incident" | "FAILED";
  regressions: string[];
  actions: number;
  undos: number;
  simToCommitS: number | null;
  wallToProposalMs: number | null;
  finalState: string;
  notes: string[];
  llm?: LlmSpend;
}

/** The shop's objects as a comparable string (spec/data/resourceVersion of what an action could touch). */
function shopObjects(t: AgentTestShop): string {
  const resources = ["deployments.apps", "services", "configmaps", "secrets", "networkpolicies.networking.k8s.io", "resourcequotas"] as const;
  return JSON.stringify(
    resources.map((resource) => {
      let items: { metadata: { name: string; resourceVersion?: string }; spec?: unknown; data?: unknown }[] = [];
      try {
        items = t.sim.store.list(resource, SHOP_NAMESPACE).items as typeof items;
      } catch {
        items = [];
      }
      return items.map((o) => ({ name: o.metadata.name, rv: o.metadata.resourceVersion ?? null, spec: o.spec ?? null, data: o.data ?? null })).sort((a, b) => a.name.localeCompare(b.name));
    }),
  );
}

function probeFor(t: AgentTestShop) {
  return createHealthProbe({ source: t.metrics, namespace: SHOP_NAMESPACE, now: () => t.sim.clock.now(), slos: SHOP_SLOS });
}

/** Per-service scores, measuring the same services (with the same traffic expectations) as `baseline`. */
async function serviceScores(t: AgentTestShop, baseline?: HealthMeasurement): Promise<HealthMeasurement> {
  const services: ServiceToMeasure[] | undefined = baseline?.services.map((s) => ({ service: s.service, expectsTraffic: s.inputs.expectsTraffic }));
  return probeFor(t).measure(services ? { services } : {});
}

function regressionsOf(before: HealthMeasurement, after: HealthMeasurement): string[] {
  const afterBy = new Map(after.services.map((s) => [s.service, s.score]));
  return before.services
    .filter((s) => (afterBy.get(s.service) ?? 0) < s.score - REGRESSION_POINTS)
    .map((s) => `${s.service} ${s.score.toFixed(0)}->${(afterBy.get(s.service) ?? 0).toFixed(0)}`);
}

async function waitHealthy(t: AgentTestShop, seconds: number): Promise<number> {
  let waited = 0;
  for (; waited <= seconds && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);
  return waited;
}

function firingAlerts(t: AgentTestShop) {
  return t.shop.rules.alerts().filter((a) => a.state === "firing");
}

/** Ingests the firing alerts as one incident, due for the worker (as the pipeline test). Returns its id and the wall ms spent. */
async function ingestAsOneIncident(t: AgentTestShop, db: Db): Promise<{ incidentId: string; ingestMs: number }> {
  const alerts = firingAlerts(t).map((a) =>
    syntheticAlert({ name: a.labels.alertname ?? "", service: a.labels.service ?? "", severity: (a.labels.severity as Severity) ?? "warning", startsAt: new Date(a.activeAtMs) }),
  );
  const started = performance.now();
  const ingested = await ingestAlerts({ db, alerts, groupWindowMs: 15 * 60_000 });
  const [incidentId, ...others] = ingested.incidentIds;
  if (!incidentId) throw new Error("ingestion opened no incident");
  await db.alert.updateMany({ where: { incidentId: { in: others } }, data: { incidentId } });
  await db.incidentEvent.deleteMany({ where: { incidentId: { in: others } } });
  await db.incident.deleteMany({ where: { id: { in: others } } });
  await db.incident.update({ where: { id: incidentId }, data: { state: "DETECTING", namespace: SHOP_NAMESPACE, nextRunAt: new Date() } });
  return { incidentId, ingestMs: performance.now() - started };
}

interface DriveResult {
  state: string;
  wallToProposalMs: number | null;
  commitSimMs: number | null;
  errors: string[];
}

/** Runs the worker until the incident leaves the agent-owned states (at most MAX_TICKS ticks). */
async function drive(t: AgentTestShop, db: Db, incidentId: string, ingestMs: number, knownServices: RecreateServiceParams[] | null, options: ScenarioSuiteOptions): Promise<DriveResult> {
  const verdictAt = new Map<string, number>();
  const now = () => t.sim.clock.now();
  const steps = createAgentPipelineSteps({
    db,
    toolContext: { clients: t.clients, defaultNamespace: SHOP_NAMESPACE, now },
    metrics: t.metrics,
    tnr: {
      lock: createPrismaWriteLock({ db }),
      clock: steppedSimClock(t.sim),
      health: () => probeFor(t),
      options: { stabilizationMs: 60_000 },
      wrapStore: (store) => hookedStore(store, { after: (write) => void (write.op === "saveVerdict" && verdictAt.set(write.txId, t.sim.clock.now().getTime())) }),
    },
    autopilot: { [SHOP_NAMESPACE]: "high" },
    cluster: "sim",
    ...(options.reasoner ? { reasoner: options.reasoner } : {}),
    ...(knownServices ? { knownServiceSpecs: async () => knownServices } : {}),
  });
  let pipelineMs = ingestMs;
  let wallToProposalMs: number | null = null;
  const errors: string[] = [];
  let state = "DETECTING";
  for (let i = 0; i < MAX_TICKS; i++) {
    const started = performance.now();
    const tick = await runWorkerOnce({ db, owner: "bench-worker", steps, log: quiet });
    pipelineMs += performance.now() - started;
    if (tick.worked && wallToProposalMs === null && tick.applied.some((a) => a.startsWith("mitigation.proposed"))) wallToProposalMs = pipelineMs;
    if (tick.worked && tick.error) {
      errors.push(`${tick.state}: ${tick.error}`);
      // Skip the worker's wall-clock back-off: the bench retries at once (still bounded by MAX_TICKS).
      await db.incident.update({ where: { id: incidentId }, data: { nextRunAt: new Date() } });
    }
    if (tick.worked && tick.refused.length) errors.push(`${tick.state} refused: ${tick.refused.join("; ")}`);
    const row = await db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    state = row.state;
    const lifecycle = toLifecycleState(row.state);
    if (!lifecycle || !AGENT_OWNED_STATES.includes(lifecycle)) break;
    await t.advance(5);
  }
  const committed = await db.mitigationTransaction.findFirst({ where: { incidentId, phase: "committed" }, orderBy: { createdAt: "desc" } });
  return { state, wallToProposalMs, commitSimMs: committed ? (verdictAt.get(committed.id) ?? null) : null, errors };
}

async function runBaseline(scenario: Scenario, options: ScenarioSuiteOptions): Promise<Row> {
  const t = await startAgentTestShop();
  const database = await createTestDatabase();
  const row: Row = { scenario: scenario.name, detected: "-", localized: null, category: null, outcome: "no incident", regressions: [], actions: 0, undos: 0, simToCommitS: null, wallToProposalMs: null, finalState: "-", notes: [] };
  try {
    const { db } = database;
    const before = await serviceScores(t);
    const objects = shopObjects(t);
    let waited = 0;
    for (; waited < scenario.detectWithinSeconds && firingAlerts(t).length === 0; waited += 10) await t.advance(10);
    if (firingAlerts(t).length > 0) {
      // A false positive: the pipeline must call it noise and write nothing.
      const { incidentId, ingestMs } = await ingestAsOneIncident(t, db);
      const result = await drive(t, db, incidentId, ingestMs, null, options);
      const detection = await db.incidentEvent.findFirst({ where: { incidentId, type: { in: ["detection.confirmed", "detection.noise"] } } });
      row.detected = detection?.type === "detection.confirmed" ? "confirmed" : "noise";
      if (options.reasoner) row.llm = llmSpendOf(await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } }));
      row.finalState = result.state;
      row.notes.push(`alerts fired: ${firingAlerts(t).map((a) => `${a.labels.alertname}/${a.labels.service}`).join(", ")}`, ...result.errors);
    } else {
      row.notes.push(`no alert in ${waited} s simulated`);
    }
    const txCount = await db.mitigationTransaction.count();
    const unchanged = shopObjects(t) === objects;
    const zeroWrites = txCount === 0 && unchanged;
    row.outcome = zeroWrites && row.detected !== "confirmed" ? "no incident" : "FAILED";
    if (row.detected === "-") row.finalState = zeroWrites ? "no incident, zero writes" : "no incident, WRITES FOUND";
    if (!zeroWrites) row.notes.push(`writes: ${txCount} transaction(s), objects ${unchanged ? "unchanged" : "CHANGED"}`);
    row.regressions = regressionsOf(before, await serviceScores(t, before));
    return row;
  } finally {
    await t.stop();
    await database.cleanup();
  }
}

async function runFaultScenario(scenario: Scenario, options: ScenarioSuiteOptions): Promise<Row> {
  const t = await startAgentTestShop();
  const database = await createTestDatabase();
  const row: Row = { scenario: scenario.name, detected: "-", localized: null, category: null, outcome: "FAILED", regressions: [], actions: 0, undos: 0, simToCommitS: null, wallToProposalMs: null, finalState: "-", notes: [] };
  try {
    const { db } = database;
    const before = await serviceScores(t);
    const knownServices = options.useServiceSnapshot ? await serviceSnapshot(t) : null;
    const truth = scenario.groundTruth.faults;
    const injectedAt = t.sim.clock.now().getTime();
    t.shop.scenarios.inject(scenario.name);
    const expected = scenario.groundTruth.expectedAlerts.map((a) => `${a.alertname}/${a.service}`);
    const firingKeys = () => new Set(firingAlerts(t).map((a) => `${a.labels.alertname}/${a.labels.service}`));
    for (let waited = 0; !expected.every((k) => firingKeys().has(k)); waited += 10) {
      if (waited > scenario.detectWithinSeconds) throw new Error(`alerts ${expected.join(", ")} not firing (got ${[...firingKeys()].join(", ")})`);
      await t.advance(10);
    }
    const { incidentId, ingestMs } = await ingestAsOneIncident(t, db);
    const result = await drive(t, db, incidentId, ingestMs, knownServices, options);
    row.finalState = result.state;
    row.wallToProposalMs = result.wallToProposalMs;
    row.simToCommitS = result.commitSimMs === null ? null : (result.commitSimMs - injectedAt) / 1000;
    row.notes.push(...result.errors);

    const events = await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
    const types = events.map((e) => e.type);
    if (options.reasoner) row.llm = llmSpendOf(events);
    row.detected = types.includes("detection.confirmed") ? "confirmed" : types.includes("detection.noise") ? "noise" : "-";
    row.actions = types.filter((type) => type === "tnr.action.executed").length;
    row.undos = types.filter((type) => type === "tnr.action.undone").length;

    // Acc@1 on the first diagnosis (the one made before any rollback lesson).
    const diagnosis = events.find((e) => e.type === "agent.diagnosis")?.payload as
      | { faultyObject: { kind: string; name: string; namespace: string }; category: { systemLevel: string; faultType: string } }
      | undefined;
    if (diagnosis) {
      const top = diagnosis.faultyObject;
      const match = truth.find((f) => f.kind === top.kind && f.name === top.name && f.namespace === top.namespace);
      row.localized = match !== undefined;
      row.category = match !== undefined && match.systemLevel === diagnosis.category.systemLevel && match.faultType === diagnosis.category.faultType;
      if (!match) row.notes.push(`top-1 ${top.kind}/${top.name}; truth ${truth.map((f) => `${f.kind}/${f.name}`).join(", ")}`);
      else if (!row.category) row.notes.push(`category ${diagnosis.category.systemLevel}/${diagnosis.category.faultType}; truth ${match.systemLevel}/${match.faultType}`);
    } else {
      row.localized = false;
      row.category = false;
      row.notes.push("no diagnosis");
    }

    const humanFaults = truth.filter(humanOnly);
    const escalatedEvent = types.some((type) => type === "agent.escalation" || type === "mitigation.no_safe_action" || type === "diagnosis.no_safe_action");
    const deadline = scenario.recoverWithinSeconds + RESOLVE_MARGIN_SECONDS;
    if (result.state === "ESCALATED" || (escalatedEvent && humanFaults.length > 0 && ["MITIGATED", "RESOLVED"].includes(result.state))) {
      // Correct only where the ground truth needs a human; then play the human's runbook fix.
      const fullyHuman = truth.every(humanOnly);
      const partialFixed = result.state !== "ESCALATED";
      if (humanFaults.length > 0 && (fullyHuman || partialFixed)) {
        const txCount = await db.mitigationTransaction.count({ where: { incidentId } });
        if (fullyHuman && txCount > 0) row.notes.push(`escalated but ${txCount} transaction(s) written`);
        // All of the fix when every fault is the human's (e.g. the Secret and the restart it needs); only their part otherwise.
        const names = new Set(humanFaults.map((f) => f.name));
        const humanFix = fullyHuman ? scenario.groundTruth.fix : scenario.groundTruth.fix.filter((c) => ("name" in c && names.has(c.name)) || (c.op === "create" && names.has(c.object.metadata.name)));
        applyApiChanges(t.sim.store, [...humanFix], t.sim.clock.now().toISOString());
        const waited = await waitHealthy(t, deadline);
        const healthy = t.unhealthyReasons().length === 0;
        row.outcome = healthy && !(fullyHuman && txCount > 0) ? "escalated ok" : "FAILED";
        row.notes.push(partialFixed ? "partial fix + escalation; human part applied" : "runbook fix applied as the human");
        if (!healthy) row.notes.push(`not healthy ${waited} s after the human fix: ${t.unhealthyReasons().slice(0, 3).join("; ")}`);
      } else {
        row.notes.push("escalated although an automatic fix exists");
      }
    } else if (result.state === "MITIGATED" || result.state === "RESOLVED") {
      const waited = await waitHealthy(t, deadline);
      const healthy = t.unhealthyReasons().length === 0;
      row.outcome = healthy && humanFaults.length === 0 ? "mitigated" : "FAILED";
      if (!healthy) row.notes.push(`not healthy after ${waited} s: ${t.unhealthyReasons().slice(0, 3).join("; ")}`);
    }
    await t.advance(SETTLE_SECONDS);
    row.regressions = regressionsOf(before, await serviceScores(t, before));
    return row;
  } finally {
    await t.stop();
    await database.cleanup();
  }
}

/** Runs one catalogued scenario end to end through the pipeline worker (see the module comment). */
export function runScenario(scenario: Scenario, options: ScenarioSuiteOptions): Promise<Row> {
  return scenario.name === "baseline" ? runBaseline(scenario, options) : runFaultScenario(scenario, options);
}
