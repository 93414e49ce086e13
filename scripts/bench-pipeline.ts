/**
 * Benchmark of the whole rules pipeline (detection -> diagnosis -> mitigation -> autopilot
 * approval -> TNR transaction) on every catalogued fault scenario, scored against the ground truth.
 *
 *   node --conditions=react-server --import tsx scripts/bench-pipeline.ts [--scenario name] [--no-service-snapshot] [--reasoner rules|llm]
 *
 * `--reasoner llm` runs the agents through the LLM reasoner: against the configured model
 * (LLM_MODEL with OPENAI_BASE_URL or OPENAI_API_KEY), or, when none is configured (CI), against
 * the scripted OpenAI-compatible server started in-process with the scripted SRE model, which
 * answers from the grounded facts (so those figures measure the LLM path, not a model's skill).
 * Beside the table it prints, per incident, the model tokens used, the model requests per agent
 * and the fallbacks to the rules reasoner (from the usage recorded on the agent.step events).
 *
 * For each scenario (baseline included), one at a time, on a fresh simulator + demo shop + fresh
 * SQLite database (same set-up as lib/pipeline/rules-pipeline.test.ts): warm up, measure each
 * service's pre-fault health, inject, wait for the scenario's alerts, ingest them with
 * `ingestAlerts` (merged into one incident), set it DETECTING/due now, and run `runWorkerOnce`
 * until the incident leaves the agent-owned states (bounded). Autopilot is `{ shop: "high" }`, the
 * TNR stabilization window 60 s of simulated time on a stepped clock. The mitigation step gets the
 * pre-fault Service inventory as its topology snapshot (`knownServiceSpecs`, needed to recreate a
 * deleted Service; `--no-service-snapshot` runs without it, and service-deleted then escalates).
 *
 * Per scenario it reports:
 * - detected: the detection verdict (confirmed / noise; for the baseline, noise or no incident is correct);
 * - loc@1: the (first) diagnosis' faulty object is a ground-truth fault (Acc@1);
 * - cat: that top-1 cause's category (system level + fault type) matches the ground truth's;
 * - mitigation: "mitigated" = final state MITIGATED/RESOLVED and the shop healthy (rolled out,
 *   pods ready, no alert) within the scenario's recovery time + 300 s; "escalated ok" = ESCALATED
 *   (or a partial fix + escalation) where the ground truth needs a human (DatabaseFault / Secret,
 *   the DB-auth scenarios), nothing written for the human-only part;
 * - regr: services whose health at the end is more than 5 points below their pre-fault baseline.
 *   Where the run ends in a correct escalation, the human's runbook fix (the ground truth's fix of
 *   the human-only faults) is applied first, so only what the agents left behind counts;
 * - acts / undos: TNR actions executed / undone (tnr.action.executed / tnr.action.undone events);
 * - sim inj->commit: simulated seconds from injection to the committing verdict being stored;
 * - wall ingest->proposal: wall milliseconds (performance.now) spent in `ingestAlerts` plus the
 *   worker ticks up to and including the one that recorded `mitigation.proposed` (the simulated
 *   clock steps between ticks are not counted: they stand for time passing, not pipeline work).
 *   This starts at ingestion, not at the HTTP webhook.
 * For the baseline no alert may fire: the row says "no incident, zero writes" after checking that
 * no MitigationTransaction row exists and the shop's objects are unchanged.
 * Then totals and the targets of the issue (MET / NOT MET). The exit code is 0 unless the bench
 * itself crashes.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { ingestAlerts } from "../lib/alerts/ingest-alerts";
import type { Severity } from "../lib/alerts/types";
import { agentContextFor, startAgentTestShop, syntheticAlert, type AgentTestShop } from "../lib/agents/testing/scenario-pipeline";
import type { RecreateServiceParams } from "../lib/cluster/actions/recreate-service";
import { AGENT_OWNED_STATES, toLifecycleState } from "../lib/incidents/lifecycle";
import type { AgentName } from "../lib/agents/agent-context";
import { getEnv } from "../lib/env";
import { log, setLogLevel } from "../lib/log";
import { createLlmReasoner, llmReasonerOptionsFromEnv } from "../lib/reasoning/llm/create-llm-reasoner";
import type { Reasoner } from "../lib/reasoning/reasoner";
import { scriptedSreModel } from "../lib/testing/openai-server/scripted-sre-model";
import { startScriptedOpenAiServer } from "../lib/testing/openai-server/start-scripted-openai-server";
import { listServicesDataSchema, toolData } from "../lib/reasoning/rules/tool-data";
import { runWorkerOnce } from "../lib/pipeline/run-worker-once";
import { createAgentPipelineSteps } from "../lib/pipeline/agent-steps";
import { applyApiChanges } from "../lib/sim/scenarios/apply-api-changes";
import { SCENARIOS } from "../lib/sim/scenarios/catalog";
import type { Scenario } from "../lib/sim/scenarios/types";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../lib/sim/shop/topology";
import type { HealthMeasurement, ServiceToMeasure } from "../lib/telemetry/measure-health";
import type { SloConfig } from "../lib/telemetry/slo";
import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";
import { createPrismaWriteLock } from "../lib/tnr/db/prisma-write-lock";
import { createHealthProbe } from "../lib/tnr/health-probe";
import { hookedStore } from "../lib/tnr/testing/hooked-store";
import { steppedSimClock } from "../lib/tnr/testing/stepped-sim-clock";

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
/** Give the mitigation step the pre-fault Service inventory (a topology snapshot); `--no-service-snapshot` turns it off. */
let useServiceSnapshot = true;
/** The reasoner under test (`--reasoner llm`); undefined: the pipeline's default, the rules reasoner. */
let benchReasoner: Reasoner | undefined;

/** What the LLM reasoner spent on one incident, from the usage on its agent.step events. */
interface LlmSpend {
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

interface Row {
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
async function drive(t: AgentTestShop, db: Db, incidentId: string, ingestMs: number, knownServices: RecreateServiceParams[] | null): Promise<DriveResult> {
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
    ...(benchReasoner ? { reasoner: benchReasoner } : {}),
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

async function runBaseline(scenario: Scenario): Promise<Row> {
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
      const result = await drive(t, db, incidentId, ingestMs, null);
      const detection = await db.incidentEvent.findFirst({ where: { incidentId, type: { in: ["detection.confirmed", "detection.noise"] } } });
      row.detected = detection?.type === "detection.confirmed" ? "confirmed" : "noise";
      if (benchReasoner) row.llm = llmSpendOf(await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } }));
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

async function runFaultScenario(scenario: Scenario): Promise<Row> {
  const t = await startAgentTestShop();
  const database = await createTestDatabase();
  const row: Row = { scenario: scenario.name, detected: "-", localized: null, category: null, outcome: "FAILED", regressions: [], actions: 0, undos: 0, simToCommitS: null, wallToProposalMs: null, finalState: "-", notes: [] };
  try {
    const { db } = database;
    const before = await serviceScores(t);
    const knownServices = useServiceSnapshot ? await serviceSnapshot(t) : null;
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
    const result = await drive(t, db, incidentId, ingestMs, knownServices);
    row.finalState = result.state;
    row.wallToProposalMs = result.wallToProposalMs;
    row.simToCommitS = result.commitSimMs === null ? null : (result.commitSimMs - injectedAt) / 1000;
    row.notes.push(...result.errors);

    const events = await db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } });
    const types = events.map((e) => e.type);
    if (benchReasoner) row.llm = llmSpendOf(events);
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

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? null;
}

const yesNo = (v: boolean | null) => (v === null ? "-" : v ? "yes" : "NO");
const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(0)}% (${n}/${d})`);

function printTable(rows: readonly Row[]): void {
  const header = ["scenario", "detected", "loc@1", "cat", "mitigation", "regr", "acts", "undos", "sim inj->commit", "wall ingest->proposal", "final state"];
  const cells = rows.map((r) => [
    r.scenario,
    r.detected,
    yesNo(r.localized),
    yesNo(r.category),
    r.outcome,
    String(r.regressions.length),
    String(r.actions),
    String(r.undos),
    r.simToCommitS === null ? "-" : `${r.simToCommitS.toFixed(0)} s`,
    r.wallToProposalMs === null ? "-" : `${r.wallToProposalMs.toFixed(0)} ms`,
    r.finalState,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
  const notes = rows.filter((r) => r.notes.length || r.regressions.length);
  if (notes.length) {
    console.log("\nNotes:");
    for (const r of notes) console.log(`- ${r.scenario}: ${[...r.notes, ...r.regressions.map((x) => `regression ${x}`)].join("; ")}`);
  }
}

function printLlmSpend(rows: readonly Row[]): void {
  const spent = rows.filter((r): r is Row & { llm: LlmSpend } => r.llm !== undefined);
  if (spent.length === 0) return;
  const header = ["scenario", "tokens", "turns detection", "turns diagnosis", "turns mitigation", "fallbacks to rules"];
  const cells = spent.map((r) => [r.scenario, String(r.llm.tokens), String(r.llm.turns.detection), String(r.llm.turns.diagnosis), String(r.llm.turns.mitigation), String(r.llm.fallbacks)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log("\nLLM reasoner: model tokens per incident and model requests (turns) per agent");
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const c of cells) console.log(line(c));
  const tokens = spent.map((r) => r.llm.tokens).sort((a, b) => a - b);
  const mean = (agent: AgentName) => (spent.reduce((n, r) => n + r.llm.turns[agent], 0) / spent.length).toFixed(1);
  console.log(`  tokens per incident: median ${percentile(tokens, 50) ?? "n/a"}, max ${tokens[tokens.length - 1] ?? "n/a"}; mean turns: detection ${mean("detection")}, diagnosis ${mean("diagnosis")}, mitigation ${mean("mitigation")}; fallbacks ${spent.reduce((n, r) => n + r.llm.fallbacks, 0)}`);
}

function printTotals(rows: readonly Row[]): void {
  const faulty = rows.filter((r) => r.scenario !== "baseline");
  const baseline = rows.find((r) => r.scenario === "baseline");
  const detected = faulty.filter((r) => r.detected === "confirmed").length;
  const localized = faulty.filter((r) => r.localized).length;
  const category = faulty.filter((r) => r.category).length;
  const mitigated = faulty.filter((r) => r.outcome === "mitigated").length;
  const escalatedOk = faulty.filter((r) => r.outcome === "escalated ok").length;
  const regressions = rows.reduce((n, r) => n + r.regressions.length, 0);
  const walls = rows.flatMap((r) => (r.wallToProposalMs === null ? [] : [r.wallToProposalMs])).sort((a, b) => a - b);
  const median = percentile(walls, 50);
  const p90 = percentile(walls, 90);
  const ms = (v: number | null) => (v === null ? "n/a" : `${v.toFixed(0)} ms`);

  console.log("\nTotals");
  console.log(`  detection rate (confirmed, faulty scenarios): ${pct(detected, faulty.length)}`);
  console.log(`  localization Acc@1:                           ${pct(localized, faulty.length)}`);
  console.log(`  root-cause category:                          ${pct(category, faulty.length)}`);
  console.log(`  mitigation (mitigated + escalated correctly): ${pct(mitigated + escalatedOk, faulty.length)}  [mitigated ${mitigated}, escalated correctly (DB auth) ${escalatedOk}]`);
  console.log(`  regressions left behind:                      ${regressions}`);
  console.log(`  wall ingestion->proposal (${walls.length} proposals):     median ${ms(median)}, p90 ${ms(p90)}`);

  const targets: [string, boolean | null][] = [
    ["no-fault baseline: zero writes", baseline ? baseline.outcome === "no incident" : null],
    ["localization >= 90%", faulty.length ? localized / faulty.length >= 0.9 : null],
    ["mitigation >= 90% with zero regressions left behind", faulty.length ? (mitigated + escalatedOk) / faulty.length >= 0.9 && regressions === 0 : null],
    ["median webhook->proposal < 2 s wall (measured from ingestion, not HTTP)", median === null ? null : median < 2000],
  ];
  console.log("\nTargets");
  for (const [name, met] of targets) console.log(`  ${met === null ? "N/A    " : met ? "MET    " : "NOT MET"}  ${name}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scenario: { type: "string" }, "no-service-snapshot": { type: "boolean" }, reasoner: { type: "string", default: "rules" } } });
  if (values.reasoner !== "rules" && values.reasoner !== "llm") {
    console.error(`bench-pipeline: --reasoner must be rules or llm, got "${values.reasoner}"`);
    process.exitCode = 2;
    return;
  }
  setLogLevel("error");
  useServiceSnapshot = !values["no-service-snapshot"];
  const selected = values.scenario ? SCENARIOS.filter((s) => s.name === values.scenario) : SCENARIOS;
  if (selected.length === 0) {
    console.error(`bench-pipeline: no scenario ${values.scenario}; known: ${SCENARIOS.map((s) => s.name).join(", ")}`);
    process.exitCode = 2;
    return;
  }
  let reasonerLabel = "rules";
  let stopScriptedServer: (() => Promise<void>) | undefined;
  if (values.reasoner === "llm") {
    const configured = llmReasonerOptionsFromEnv(getEnv().llm);
    if (configured) {
      benchReasoner = createLlmReasoner(configured);
      reasonerLabel = `${benchReasoner.id} at ${configured.baseUrl}`;
    } else {
      // No model configured (CI): the scripted SRE model on a local OpenAI-compatible server, over real HTTP.
      const server = await startScriptedOpenAiServer({ handler: scriptedSreModel() });
      stopScriptedServer = () => server.close();
      benchReasoner = createLlmReasoner({ baseUrl: server.baseUrl, model: "scripted-sre", timeoutMs: 30_000 });
      reasonerLabel = `${benchReasoner.id} (SCRIPTED model on a local server: figures measure the LLM path, not a real model)`;
    }
  }
  const startedAt = performance.now();
  const rows: Row[] = [];
  for (const scenario of selected) {
    const started = performance.now();
    let row: Row;
    try {
      row = scenario.name === "baseline" ? await runBaseline(scenario) : await runFaultScenario(scenario);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      row = { scenario: scenario.name, detected: "-", localized: null, category: null, outcome: "FAILED", regressions: [], actions: 0, undos: 0, simToCommitS: null, wallToProposalMs: null, finalState: "error", notes: [`bench error: ${message}`] };
    }
    rows.push(row);
    console.error(`bench-pipeline: ${scenario.name} ${row.outcome} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  await stopScriptedServer?.();
  console.log(`\nPipeline with reasoner ${reasonerLabel} on the simulated shop: ${rows.length} scenario(s), autopilot {${SHOP_NAMESPACE}: high}, stabilization 60 s simulated, Service snapshot ${useServiceSnapshot ? "on" : "off"}, ${((performance.now() - startedAt) / 1000).toFixed(0)} s wall\n`);
  printTable(rows);
  printLlmSpend(rows);
  printTotals(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
