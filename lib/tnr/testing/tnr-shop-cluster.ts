/**
 * The world the TNR tests run in: the real simulator (API server on loopback, controllers,
 * kubelet) with the demo shop attached on a manual clock, the app's own cluster clients, and
 * real health through the simulator `MetricsSource` over HTTP. Faults are injected through the
 * simulator's control API, as an operator's demo would.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClusterClients } from "../../cluster/client";
import { parseMitigationAction, type MitigationAction } from "../../cluster/actions/catalogue";
import type { ActionContext } from "../../cluster/actions/types";
import { loadKubeConfig } from "../../cluster/kubeconfig";
import type { Deployment } from "../../sim/controllers/api-types";
import { attachShop, type AttachedShop } from "../../sim/shop/attach-shop";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../../sim/shop/topology";
import { createSimulator, type Simulator } from "../../sim/simulator";
import type { SloConfig } from "../../telemetry/slo";
import { createSimulatorMetricsSource } from "../../telemetry/simulator-source";
import type { Clock } from "../clock";
import { createHealthProbe, type HealthProbe } from "../health-probe";
import { stepSeconds, steppedSimClock } from "./stepped-sim-clock";

export { SHOP_NAMESPACE };

/** Cluster name the tests lock by. */
export const TEST_CLUSTER = "sim";

/** Simulated seconds for pods to start and traffic history to build before the first test. */
const WARMUP_SECONDS = 240;

/** The shop's own p99 objectives, as the env overrides would give them. */
const SHOP_SLOS: SloConfig = { services: Object.fromEntries(SHOP_SERVICES.map((s) => [s.name, { p99Ms: s.sloP99Seconds * 1000 }])) };

/** A running shop cluster and what the engine needs from it. */
export interface TnrShopCluster {
  sim: Simulator;
  shop: AttachedShop;
  ctx: ActionContext;
  clock: Clock;
  health: HealthProbe;
  advance(seconds: number): Promise<void>;
  /** Advance until `done()` (checked every 10 s); throws after `maxSeconds`. */
  advanceUntil(done: () => boolean, maxSeconds: number, what: string): Promise<void>;
  /** POST /sim/v1/scenarios/<name>/inject|fix. */
  scenario(name: string, step: "inject" | "fix"): Promise<void>;
  deployment(name: string): Deployment;
  /** Read-modify-write a Deployment in the store: another actor changing the cluster. */
  mutateDeployment(name: string, change: (deployment: Deployment) => void): void;
  /** Every shop Deployment rolled out at its desired size with all pods ready. */
  rolledOut(): boolean;
  stop(): Promise<void>;
}

/** A parsed catalogue action (throws on a bad one: a test bug). */
export function action(input: unknown): MitigationAction {
  const parsed = parseMitigationAction(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.action;
}

/** `scale-deployment` of a shop service. */
export const scale = (name: string, replicas: number) => action({ type: "scale-deployment", params: { namespace: SHOP_NAMESPACE, name, replicas } });

/** Starts the simulator with the shop on a manual clock and warms it up (pods ready, traffic history). */
export async function startTnrShopCluster(seed = 7): Promise<TnrShopCluster> {
  const dir = mkdtempSync(join(tmpdir(), "tnr-"));
  const sim = createSimulator({ seed, port: 0, kubeconfigPath: join(dir, "kubeconfig"), clock: { mode: "manual", start: new Date("2025-01-01T12:00:00Z") } });
  await sim.start();
  const shop = attachShop(sim, { seed });
  sim.mountHandler(shop.controlHandler);
  const ctx: ActionContext = { clients: createClusterClients(loadKubeConfig({ kubeconfigPath: sim.kubeconfigPath })) };
  const clock = steppedSimClock(sim);
  const source = createSimulatorMetricsSource({ baseUrl: sim.url, timeoutMs: 10_000 });
  const health = createHealthProbe({ source, namespace: SHOP_NAMESPACE, now: () => sim.clock.now(), slos: SHOP_SLOS });
  const deployment = (name: string) => {
    const found = sim.store.get("deployments.apps", SHOP_NAMESPACE, name) as Deployment | undefined;
    if (!found) throw new Error(`deployment ${name} not found`);
    return found;
  };
  const rolledOut = () =>
    SHOP_SERVICES.every((s) => {
      const d = deployment(s.name);
      const desired = d.spec.replicas ?? 1;
      return (d.status?.availableReplicas ?? 0) === desired && (d.status?.updatedReplicas ?? 0) === desired && (d.status?.replicas ?? 0) === desired;
    });
  const cluster: TnrShopCluster = {
    sim,
    shop,
    ctx,
    clock,
    health,
    advance: (seconds) => stepSeconds(sim, seconds),
    async advanceUntil(done, maxSeconds, what) {
      for (let elapsed = 0; elapsed <= maxSeconds; elapsed += 10) {
        if (done()) return;
        await stepSeconds(sim, 10);
      }
      throw new Error(`${what}: not reached within ${maxSeconds}s of simulated time`);
    },
    async scenario(name, step) {
      const res = await fetch(`${sim.url}/sim/v1/scenarios/${name}/${step}`, { method: "POST" });
      if (res.status !== 200) throw new Error(`${step} ${name}: HTTP ${res.status} ${await res.text()}`);
      sim.controllers?.reconcileNow();
    },
    deployment,
    mutateDeployment(name, change) {
      const current = deployment(name);
      change(current);
      sim.store.update("deployments.apps", current);
      sim.controllers?.reconcileNow();
    },
    rolledOut,
    async stop() {
      shop.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.advance(WARMUP_SECONDS);
  return cluster;
}
