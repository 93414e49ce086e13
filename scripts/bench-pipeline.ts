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
import { runScenario, type LlmSpend, type Row } from "../lib/pipeline/testing/pipeline-scenario-suite";
import { parseArgs } from "node:util";
import type { AgentName } from "../lib/agents/agent-context";
import { getEnv } from "../lib/env";
import { setLogLevel } from "../lib/log";
import { createLlmReasoner, llmReasonerOptionsFromEnv } from "../lib/reasoning/llm/create-llm-reasoner";
import type { Reasoner } from "../lib/reasoning/reasoner";
import { scriptedSreModel } from "../lib/testing/openai-server/scripted-sre-model";
import { startScriptedOpenAiServer } from "../lib/testing/openai-server/start-scripted-openai-server";
import { SCENARIOS } from "../lib/sim/scenarios/catalog";
import { SHOP_NAMESPACE } from "../lib/sim/shop/topology";


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
  const useServiceSnapshot = !values["no-service-snapshot"];
  let benchReasoner: Reasoner | undefined;
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
      row = await runScenario(scenario, { useServiceSnapshot, ...(benchReasoner ? { reasoner: benchReasoner } : {}) });
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
