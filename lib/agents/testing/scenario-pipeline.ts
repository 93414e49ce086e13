/**
 * A simulated cluster with the demo shop for agent and pipeline tests: API server on loopback,
 * server on loopback, the demo shop, a manual clock): warm up, inject, wait for the scenario's
 * alerts, then detection -> diagnosis -> mitigation, execute the proposed transaction through the
 * action catalogue, and check the shop returns to health. Scores against the ground truth.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NormalizedAlert, Severity } from "../../alerts/types";
import { createClusterClients } from "../../cluster/client";
import { loadKubeConfig } from "../../cluster/kubeconfig";
import type { Deployment, Pod } from "../../sim/controllers/api-types";
import { attachShop, type AttachedShop } from "../../sim/shop/attach-shop";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../../sim/shop/topology";
import { createSimulator, type Simulator } from "../../sim/simulator";
import { createSimulatorMetricsSource } from "../../telemetry/simulator-source";
import type { MetricsSource } from "../../telemetry/types";
import type { AgentStep } from "../agent-context";
import { createAgentContext } from "../create-agent-context";

/** Simulated seconds of traffic before the fault (history for baselines). */
export const WARMUP_SECONDS = 480;

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
  const unhealthyReasons = () => shopUnhealthyReasons(sim, shop);
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

/** Why the shop is not healthy yet: deployments not rolled out, pods not ready, alerts pending or firing (empty: healthy). */
export function shopUnhealthyReasons(sim: Simulator, shop: AttachedShop): string[] {
  const reasons: string[] = [];
  for (const service of SHOP_SERVICES) {
    const d = sim.store.get("deployments.apps", SHOP_NAMESPACE, service.name) as Deployment | undefined;
    const desired = d?.spec.replicas ?? 1;
    if ((d?.status?.availableReplicas ?? 0) !== desired || (d?.status?.updatedReplicas ?? 0) !== desired) reasons.push(`deployment ${service.name} not rolled out`);
  }
  for (const pod of sim.store.list("pods", SHOP_NAMESPACE).items as Pod[]) if (pod.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True") reasons.push(`pod ${pod.metadata.name} not ready`);
  for (const alert of shop.rules.alerts()) reasons.push(`alert ${alert.labels.alertname}/${alert.labels.service} ${alert.state}`);
  return reasons;
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
