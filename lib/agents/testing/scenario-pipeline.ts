/**
 * Runs the rules agents against one catalogued fault scenario on a real simulated cluster (API
 * server on loopback, the demo shop, a manual clock): warm up, inject, wait for the scenario's
 * alerts, then detection -> diagnosis -> mitigation, execute the proposed transaction through the
 * action catalogue, and check the shop returns to health. Scores against the ground truth.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NormalizedAlert, Severity } from "../../alerts/types";
import { executeAction, planAction, snapshotAction } from "../../cluster/actions/catalogue";
import type { RecreateServiceParams } from "../../cluster/actions/recreate-service";
import { createClusterClients } from "../../cluster/client";
import { loadKubeConfig } from "../../cluster/kubeconfig";
import type { Deployment, Pod } from "../../sim/controllers/api-types";
import { applyApiChanges } from "../../sim/scenarios/apply-api-changes";
import { findScenario } from "../../sim/scenarios/catalog";
import { attachShop, type AttachedShop } from "../../sim/shop/attach-shop";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../../sim/shop/topology";
import { createSimulator, type Simulator } from "../../sim/simulator";
import { createSimulatorMetricsSource } from "../../telemetry/simulator-source";
import type { MetricsSource } from "../../telemetry/types";
import { listServicesDataSchema, toolData } from "../../reasoning/rules/tool-data";
import type { AgentStep } from "../agent-context";
import { createAgentContext } from "../create-agent-context";
import { runDetectionAgent } from "../detection-agent";
import type { DetectionOutput } from "../detection-schema";
import { runDiagnosisAgent } from "../diagnosis-agent";
import type { DiagnosisOutput } from "../diagnosis-schema";
import { runMitigationAgent } from "../mitigation-agent";
import type { MitigationOutput } from "../mitigation-schema";

/** Simulated seconds of traffic before the fault (history for baselines). */
export const WARMUP_SECONDS = 480;
/** Extra simulated seconds allowed for alerts to resolve after recovery. */
const RESOLVE_MARGIN_SECONDS = 300;

/** A shop on a simulator with the app's own clients and metrics source. */
export interface AgentTestShop {
  sim: Simulator;
  shop: AttachedShop;
  metrics: MetricsSource;
  clients: ReturnType<typeof createClusterClients>;
  advance(seconds: number): Promise<void>;
  unhealthyReasons(): string[];
  stop(): Promise<void>;
}

/** Starts a simulator with the shop and warms it up. */
export async function startAgentTestShop(seed = 7): Promise<AgentTestShop> {
  const dir = mkdtempSync(join(tmpdir(), "agents-"));
  const sim = createSimulator({ seed, port: 0, kubeconfigPath: join(dir, "kubeconfig"), clock: { mode: "manual", start: new Date("2025-01-01T12:00:00Z") } });
  await sim.start();
  const shop = attachShop(sim, { seed });
  sim.mountHandler(shop.controlHandler);
  const clients = createClusterClients(loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath }));
  const metrics = createSimulatorMetricsSource({ baseUrl: sim.url, timeoutMs: 10_000 });
  const advance = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) {
      sim.clock.advance(1000);
      if (i % 10 === 9) sim.controllers?.reconcileNow();
    }
    sim.controllers?.reconcileNow();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const unhealthyReasons = () => {
    const reasons: string[] = [];
    for (const service of SHOP_SERVICES) {
      const d = sim.store.get("deployments.apps", SHOP_NAMESPACE, service.name) as Deployment | undefined;
      const desired = d?.spec.replicas ?? 1;
      if ((d?.status?.availableReplicas ?? 0) !== desired || (d?.status?.updatedReplicas ?? 0) !== desired) reasons.push(`deployment ${service.name} not rolled out`);
    }
    for (const pod of sim.store.list("pods", SHOP_NAMESPACE).items as Pod[]) if (pod.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True") reasons.push(`pod ${pod.metadata.name} not ready`);
    for (const alert of shop.rules.alerts()) reasons.push(`alert ${alert.labels.alertname}/${alert.labels.service} ${alert.state}`);
    return reasons;
  };
  await advance(WARMUP_SECONDS);
  return {
    sim,
    shop,
    metrics,
    clients,
    advance,
    unhealthyReasons,
    async stop() {
      shop.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A firing (or resolved) alert as the webhook normalizer would produce it. */
export function syntheticAlert(options: { name: string; service: string; severity: Severity; startsAt: Date; status?: "firing" | "resolved" }): NormalizedAlert {
  const labels = { alertname: options.name, namespace: SHOP_NAMESPACE, service: options.service, severity: options.severity };
  return {
    source: "alertmanager",
    externalId: null,
    fingerprint: `${options.name}/${options.service}`,
    status: options.status ?? "firing",
    severity: options.severity,
    name: options.name,
    summary: `${options.name} on ${options.service}`,
    description: "",
    cluster: "sim",
    namespace: SHOP_NAMESPACE,
    service: options.service,
    groupHint: null,
    labels,
    annotations: {},
    startsAt: options.startsAt,
    endsAt: null,
    generatorUrl: null,
    raw: labels,
  };
}

/** The agents' context on a test shop. */
export function agentContextFor(t: AgentTestShop, steps: AgentStep[] = []) {
  return createAgentContext({ toolContext: { clients: t.clients, defaultNamespace: SHOP_NAMESPACE, now: () => t.sim.clock.now() }, metrics: t.metrics, now: t.sim.clock.now(), emit: (s) => steps.push(s) });
}

/** What one scenario run produced and how it scored. */
export interface ScenarioOutcome {
  scenario: string;
  detection: DetectionOutput;
  diagnosis: DiagnosisOutput;
  mitigation: MitigationOutput;
  localized: boolean;
  categoryOk: boolean;
  mitigationOk: boolean;
  notes: string[];
}

/** Runs one scenario end to end and scores it. */
export async function runScenarioThroughAgents(name: string): Promise<ScenarioOutcome> {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  const t = await startAgentTestShop();
  const notes: string[] = [];
  try {
    // The pipeline's inventory of Services before the incident (what a topology snapshot keeps).
    const inventory = toolData(await agentContextFor(t).callTool("list_services", { namespace: SHOP_NAMESPACE, limit: 200 }), listServicesDataSchema)?.services ?? [];
    const knownServiceSpecs: RecreateServiceParams[] = inventory.map((s) => ({
      namespace: s.namespace,
      name: s.name,
      type: s.type as RecreateServiceParams["type"],
      selector: s.selector,
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, targetPort: /^\d+$/.test(p.targetPort) ? Number(p.targetPort) : p.targetPort, protocol: p.protocol as "TCP" })),
    }));

    t.shop.scenarios.inject(name);
    const expected = scenario.groundTruth.expectedAlerts.map((a) => `${a.alertname}/${a.service}`);
    const firingKeys = () => new Set(t.shop.rules.alerts().filter((a) => a.state === "firing").map((a) => `${a.labels.alertname}/${a.labels.service}`));
    for (let waited = 0; !expected.every((k) => firingKeys().has(k)); waited += 10) {
      if (waited > scenario.detectWithinSeconds) throw new Error(`${name}: alerts ${expected.join(", ")} not firing (got ${[...firingKeys()].join(", ")})`);
      await t.advance(10);
    }
    const alerts = t.shop.rules
      .alerts()
      .filter((a) => a.state === "firing")
      .map((a) => syntheticAlert({ name: a.labels.alertname ?? "", service: a.labels.service ?? "", severity: (a.labels.severity as Severity) ?? "warning", startsAt: new Date(a.activeAtMs) }));

    const steps: AgentStep[] = [];
    const ctx = agentContextFor(t, steps);
    const detection = await runDetectionAgent(ctx, { namespace: SHOP_NAMESPACE, alerts });
    const diagnosis = await runDiagnosisAgent(ctx, { namespace: SHOP_NAMESPACE, alerts });
    const mitigation = await runMitigationAgent(ctx, { namespace: SHOP_NAMESPACE, diagnosis, knownServiceSpecs });

    const named = [diagnosis, ...diagnosis.otherCauses];
    const truth = scenario.groundTruth.faults;
    const matchOf = (f: (typeof truth)[number]) => named.find((c) => c.faultyObject.kind === f.kind && c.faultyObject.name === f.name && c.faultyObject.namespace === f.namespace);
    const localized = truth.every((f) => matchOf(f) !== undefined);
    const categoryOk = truth.every((f) => {
      const c = matchOf(f);
      return c !== undefined && c.category.systemLevel === f.systemLevel && c.category.faultType === f.faultType;
    });
    if (!localized) notes.push(`named ${named.map((c) => `${c.faultyObject.kind}/${c.faultyObject.name}`).join(", ")}; truth ${truth.map((f) => `${f.kind}/${f.name}`).join(", ")}`);
    if (!categoryOk) notes.push(`category ${named.map((c) => `${c.category.systemLevel}/${c.category.faultType}`).join(", ")}; truth ${truth.map((f) => `${f.systemLevel}/${f.faultType}`).join(", ")}`);

    // Faults a human must fix: database users/roles and Secret values.
    const humanOnly = (kind: string) => kind === "DatabaseFault" || kind === "Secret";
    let mitigationOk = false;
    if (mitigation.kind === "escalation") {
      mitigationOk = truth.every((f) => humanOnly(f.kind)) && mitigation.runbookSteps.length > 0;
      if (!mitigationOk) notes.push(`escalated: ${mitigation.reason}`);
    } else {
      const actx = { clients: t.clients };
      for (const { action } of mitigation.actions) {
        const plan = await planAction(actx, action);
        if (!plan.executable) {
          notes.push(`${action.type} not executable: ${plan.dryRun.ok ? "" : plan.dryRun.message}`);
          continue;
        }
        const snapshot = await snapshotAction(actx, action);
        if (!snapshot.ok) {
          notes.push(`${action.type} snapshot failed: ${snapshot.error.message}`);
          continue;
        }
        const executed = await executeAction(actx, action, snapshot.value);
        if (!executed.ok) notes.push(`${action.type} failed: ${executed.error.message}`);
      }
      // The escalated part is what the runbook tells a human to do: apply the ground truth's fix for it.
      const escalatedFaults = truth.filter((f) => humanOnly(f.kind));
      if (mitigation.escalation && escalatedFaults.length) {
        const names = new Set(escalatedFaults.map((f) => f.name));
        applyApiChanges(t.sim.store, scenario.groundTruth.fix.filter((c) => ("name" in c && names.has(c.name)) || (c.op === "create" && names.has(c.object.metadata.name))), t.sim.clock.now().toISOString());
      }
      const deadline = scenario.recoverWithinSeconds + RESOLVE_MARGIN_SECONDS;
      let waited = 0;
      for (; waited <= deadline && t.unhealthyReasons().length > 0; waited += 10) await t.advance(10);
      mitigationOk = t.unhealthyReasons().length === 0 && (!mitigation.escalation || escalatedFaults.length > 0);
      if (!mitigationOk) notes.push(`not healthy after ${waited}s: ${t.unhealthyReasons().slice(0, 4).join("; ")}`);
    }
    return { scenario: name, detection, diagnosis, mitigation, localized, categoryOk, mitigationOk, notes };
  } finally {
    await t.stop();
  }
}

/** The closing table. */
export function outcomeTable(outcomes: readonly ScenarioOutcome[]): string {
  const rows = outcomes.map((o) => `| ${o.scenario.padEnd(26)} | ${o.detection.verdict.padEnd(9)} | ${(o.localized ? "yes" : "NO").padEnd(9)} | ${(o.categoryOk ? "yes" : "NO").padEnd(11)} | ${(o.mitigationOk ? "yes" : "NO").padEnd(13)} | ${o.mitigation.kind === "transaction" ? o.mitigation.actions.map((a) => a.action.type).join("+") + (o.mitigation.escalation ? " +escalation" : "") : "escalation"}`);
  const count = (f: (o: ScenarioOutcome) => boolean) => `${outcomes.filter(f).length}/${outcomes.length}`;
  return [
    "| scenario                   | detection | localized | category ok | mitigation ok | proposal",
    "|----------------------------|-----------|-----------|-------------|---------------|---------",
    ...rows,
    `| TOTAL                      | ${count((o) => o.detection.verdict === "confirmed")} | ${count((o) => o.localized)} | ${count((o) => o.categoryOk)} | ${count((o) => o.mitigationOk)} |`,
  ].join("\n");
}
