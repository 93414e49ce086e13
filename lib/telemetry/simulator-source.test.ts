/**
 * The simulator source and measureHealth against a real simulator with the shop attached, on a
 * manual clock: baseline health is high; a scenario injected through the control API drops the
 * health of the target and its callers, with parts that say why; the fix brings it back and the
 * TNR verdict commits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachShop, type AttachedShop } from "../sim/shop/attach-shop";
import { SHOP_NAMESPACE, SHOP_SERVICES } from "../sim/shop/topology";
import { createSimulator, type Simulator } from "../sim/simulator";
import { EDGE_METRICS as SIM_EDGE_METRICS, SERVICE_METRICS as SIM_SERVICE_METRICS } from "../sim/telemetry/query";
import { compareHealth } from "./compare-health";
import { MetricsSourceError } from "./errors";
import { measureHealth, trafficExpectations, type HealthMeasurement } from "./measure-health";
import { EDGE_METRICS, SERVICE_METRICS } from "./metric-names";
import { createSimulatorMetricsSource } from "./simulator-source";
import type { SloConfig } from "./slo";
import type { MetricsSource } from "./types";

let sim: Simulator;
let shop: AttachedShop;
let source: MetricsSource;

/** The shop's own p99 objectives (the topology's), as the env overrides would give them. */
const slos: SloConfig = { services: Object.fromEntries(SHOP_SERVICES.map((s) => [s.name, { p99Ms: s.sloP99Seconds * 1000 }])) };

/** Move simulated time in 1 s steps so every controller, kubelet and traffic tick runs. */
async function advance(seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    sim.clock.advance(1000);
    sim.controllers?.reconcileNow();
  }
  await new Promise((resolve) => setImmediate(resolve));
}

async function post(path: string): Promise<void> {
  const res = await fetch(`${sim.url}${path}`, { method: "POST" });
  expect(res.status, await res.clone().text()).toBe(200);
}

const measure = (services?: ReturnType<typeof trafficExpectations>) => measureHealth({ source, namespace: SHOP_NAMESPACE, at: sim.clock.now(), slos, ...(services ? { services } : {}) });
const byName = (m: HealthMeasurement, service: string) => {
  const found = m.services.find((s) => s.service === service);
  if (!found) throw new Error(`${service} not measured`);
  return found;
};

let baseline: HealthMeasurement;

beforeAll(async () => {
  sim = createSimulator({ seed: 7, port: 0, kubeconfigPath: false, clock: { mode: "manual", start: new Date("2025-01-01T12:00:00Z") } });
  await sim.start();
  shop = attachShop(sim, { seed: 7 });
  sim.mountHandler(shop.controlHandler);
  source = createSimulatorMetricsSource({ baseUrl: sim.url, timeoutMs: 5000 });
  // Pods start, traffic flows, and there is history for the traffic lookback.
  await advance(240);
  baseline = await measure();
}, 60_000);

afterAll(async () => {
  shop?.stop();
  await sim?.stop();
});

describe("simulator metrics source", () => {
  it("speaks the simulator's metric vocabulary", () => {
    expect(SERVICE_METRICS).toEqual(SIM_SERVICE_METRICS);
    expect(EDGE_METRICS).toEqual(SIM_EDGE_METRICS);
  });

  it("lists the shop's services from /metrics", async () => {
    expect(await source.listServices(SHOP_NAMESPACE)).toEqual(SHOP_SERVICES.map((s) => s.name).sort());
  });

  it("returns validated series on the requested grid", async () => {
    const end = sim.clock.now();
    const start = new Date(end.getTime() - 120_000);
    const series = await source.serviceSeries({ namespace: SHOP_NAMESPACE, service: "frontend", metric: "request_rate", start, end, stepSeconds: 30 });
    expect(series.target).toEqual({ kind: "service", namespace: SHOP_NAMESPACE, service: "frontend" });
    expect(series.points.map(([t]) => t)).toEqual([0, 30, 60, 90, 120].map((s) => start.getTime() / 1000 + s));
    expect(series.points.every(([, v]) => v !== null && v > 1)).toBe(true);
    const edge = await source.edgeSeries({ namespace: SHOP_NAMESPACE, from: "checkout", to: "payment", metric: "call_rate", start, end, stepSeconds: 60 });
    expect(edge.points.at(-1)?.[1]).toBeGreaterThan(0);
  });

  it("reads pod health from the kube-state-metrics families", async () => {
    expect(await source.podHealth({ namespace: SHOP_NAMESPACE, service: "cart", at: sim.clock.now() })).toEqual({ desiredReplicas: 2, availableReplicas: 2, pods: 2, notReady: 0, pending: 0, crashLooping: 0, waitingReasons: {} });
  });

  it("passes on the simulator's own message for a rejected query", async () => {
    const end = sim.clock.now();
    const error = await source.serviceSeries({ namespace: SHOP_NAMESPACE, service: "cart", metric: "request_rate", start: new Date(end.getTime() - 60_000), end, stepSeconds: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsSourceError);
    expect(error).toMatchObject({ kind: "bad-request", status: 400 });
    expect((error as Error).message).toMatch(/HTTP 400 .*invalid step: /);
  });

  it("rejects a partial answer, naming the missing fields", async () => {
    const partial = createSimulatorMetricsSource({ baseUrl: "http://sim.invalid", fetch: async () => Response.json({ status: "success", data: { metric: "request_rate", points: [[1, "x"]] } }) });
    const error = await partial.instant({ namespace: "shop", service: "cart", metric: "request_rate", at: new Date() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "invalid-response" });
    expect((error as Error).message).toMatch(/data\.target: .*data\.stepSeconds/);
  });
});

describe("health of the simulated shop", () => {
  it("is high at baseline, with every service serving", () => {
    expect(baseline.services.map((s) => s.service)).toEqual(SHOP_SERVICES.map((s) => s.name).sort());
    for (const s of baseline.services) {
      expect(s.score, `${s.service}: ${s.parts.findings.join("; ")}`).toBeGreaterThanOrEqual(90);
      expect(s.inputs.expectsTraffic).toBe(true);
      expect(s.parts.traffic).toBe("serving");
    }
    expect(baseline.score).toBeGreaterThanOrEqual(90);
    // Stored as JSON by the TNR engine: nothing lost in a round trip.
    expect(JSON.parse(JSON.stringify(baseline))).toEqual(baseline);
  });

  it("drops for cart and its callers when cart's Service targets a dead port, and recovers after the fix", async () => {
    await post("/sim/v1/scenarios/service-wrong-target-port/inject");
    await advance(120);
    const faulted = await measure(trafficExpectations(baseline));

    const cart = byName(faulted, "cart");
    expect(cart.parts.traffic).toBe("missing");
    expect(cart.score).toBe(0);
    expect(cart.parts.unhealthyPods.count).toBe(0); // its pods are fine: the Service is wrong
    expect(cart.parts.findings[0]).toMatch(/^no traffic/);

    for (const caller of ["frontend", "checkout"]) {
      const health = byName(faulted, caller);
      expect(health.score, caller).toBeLessThan(byName(baseline, caller).score - 20);
      expect(health.parts.limitedBy).toBe("errors");
      expect(health.parts.errorRatio).toBeGreaterThan(0.05);
      expect(health.parts.findings.join(" ")).toMatch(/error ratio .* above its SLO of 1%/);
    }
    expect(faulted.score).toBeLessThan(baseline.score - 30);
    expect(faulted.aggregate.worst).toBe("cart");

    const regression = compareHealth(baseline, faulted, { tolerance: 5, target: "cart" });
    expect(regression.verdict).toBe("abort");
    expect(regression.reasons[0]).toMatch(/^target cart: H \d+\.\d\d → 0\.00/);
    expect(regression.reasons.some((r) => r.startsWith("frontend: H"))).toBe(true);

    await post("/sim/v1/scenarios/service-wrong-target-port/fix");
    await advance(120);
    const fixed = await measure(trafficExpectations(baseline));
    expect(byName(fixed, "cart").score).toBeGreaterThanOrEqual(90);
    const verdict = compareHealth(faulted, fixed, { tolerance: 5, target: "cart" });
    expect(verdict.verdict, verdict.reasons.join("\n")).toBe("commit");
    const overall = compareHealth(baseline, fixed, { tolerance: 5 });
    expect(overall.verdict, overall.reasons.join("\n")).toBe("commit");
  });

  it("drops for payment and checkout when payment is scaled to zero, and recovers after the fix", async () => {
    await post("/sim/v1/scenarios/scale-to-zero/inject");
    await advance(120);
    const faulted = await measure(trafficExpectations(baseline));
    const payment = byName(faulted, "payment");
    expect(payment.score).toBe(0);
    expect(payment.parts.availability.replicas).toBe(0);
    expect(payment.parts.findings).toContain("scaled to 0 replicas while it is expected to serve");
    const checkout = byName(faulted, "checkout");
    expect(checkout.parts.limitedBy).toBe("errors");
    expect(checkout.score).toBeLessThan(50);

    await post("/sim/v1/scenarios/scale-to-zero/fix");
    await advance(150);
    const fixed = await measure(trafficExpectations(baseline));
    const verdict = compareHealth(faulted, fixed, { tolerance: 5, target: "payment" });
    expect(verdict.verdict, verdict.reasons.join("\n")).toBe("commit");
    expect(byName(fixed, "payment").score).toBeGreaterThanOrEqual(90);
    expect(byName(fixed, "checkout").score).toBeGreaterThanOrEqual(90);
  });
});
