import { describe, expect, it } from "vitest";
import { scoreNamespaceHealth, scoreServiceHealth, type ServiceHealthInputs } from "./health";
import type { PodHealth } from "./types";

const pods = (over: Partial<PodHealth> = {}): PodHealth => ({ desiredReplicas: 2, availableReplicas: 2, pods: 2, notReady: 0, pending: 0, crashLooping: 0, waitingReasons: {}, ...over });

const healthy = (over: Partial<ServiceHealthInputs> = {}): ServiceHealthInputs => ({
  requestRate: 20,
  errorRatio: 0.001,
  latencyP99Seconds: 0.12,
  replicaAvailability: 1,
  pods: pods(),
  expectsTraffic: true,
  ...over,
});

const score = (inputs: ServiceHealthInputs, service = "cart") => scoreServiceHealth({ service, inputs });

describe("service health", () => {
  it("is 100 for a service within every SLO, with all parts at 1", () => {
    const h = score(healthy());
    expect(h.score).toBe(100);
    expect(h.parts.scores).toEqual({ availability: 1, errors: 1, latency: 1, pods: 1 });
    expect(h.parts.limitedBy).toBeNull();
    expect(h.parts.findings).toEqual([]);
    expect(h.parts.traffic).toBe("serving");
  });

  it("halves the error score every two SLOs of excess and names the ratio", () => {
    const h = score(healthy({ errorRatio: 0.03 }));
    // Allowance at 20 req/s over 60 s: 1/1200 of the ratio.
    expect(h.parts.scores.errors).toBeCloseTo(2 ** -((0.02 - 1 / 1200) / 0.02), 4);
    expect(h.parts.limitedBy).toBe("errors");
    expect(h.parts.findings).toContain("error ratio 3% above its SLO of 1%");
    // 97 % success also costs a little availability: sqrt(0.97 / 0.99).
    expect(h.score).toBeCloseTo(100 * h.parts.scores.errors * Math.sqrt(0.97 / 0.99), 1);
  });

  it("forgives a single stray error on a low-traffic service but not a real error rate", () => {
    // 1.1 req/s over 60 s = 66 requests; one error is 1.5 %, above a 1 % SLO.
    expect(score(healthy({ requestRate: 1.1, errorRatio: 1 / 66 })).parts.scores.errors).toBe(1);
    expect(score(healthy({ requestRate: 1.1, errorRatio: 3 / 66 })).parts.scores.errors).toBeLessThan(0.6);
    expect(score(healthy({ requestRate: 1.1, errorRatio: 1 / 66, windowSeconds: 600 })).parts.scores.errors).toBeLessThan(1);
  });

  it("keeps a 10% -> 30% error regression visible instead of flooring at 0", () => {
    const ten = score(healthy({ errorRatio: 0.1 })).score;
    const thirty = score(healthy({ errorRatio: 0.3 })).score;
    expect(ten).toBeGreaterThan(0);
    expect(thirty).toBeLessThan(ten);
  });

  it("halves the latency score per SLO of excess p99 (2x SLO = 0.5)", () => {
    const h = score(healthy({ latencyP99Seconds: 1 }));
    expect(h.parts.latencyP99Ms).toBe(1000);
    expect(h.parts.scores.latency).toBe(0.5);
    expect(h.score).toBe(50);
  });

  it("treats one of two replicas down as a warning, not an outage", () => {
    const h = score(healthy({ pods: pods({ availableReplicas: 1, notReady: 1, crashLooping: 1, waitingReasons: { CrashLoopBackOff: 1 } }) }));
    expect(h.parts.availability.replicas).toBe(0.5);
    expect(h.parts.unhealthyPods).toMatchObject({ count: 1, of: 2, crashLooping: 1 });
    expect(h.score).toBeGreaterThan(50);
    expect(h.score).toBeLessThan(70);
    expect(h.parts.findings.join(" | ")).toMatch(/1\/2 replicas available.*1\/2 pods not ready \(1× CrashLoopBackOff\)/);
  });

  it("flags a rollout stuck on a bad image even while capacity is intact", () => {
    const h = score(healthy({ pods: pods({ pods: 3, notReady: 1, pending: 1, waitingReasons: { ImagePullBackOff: 1 } }) }));
    expect(h.parts.scores.availability).toBe(1);
    expect(h.parts.scores.pods).toBeCloseTo(1 - 0.5 / 3, 4);
    expect(h.parts.limitedBy).toBe("pods");
  });

  it("scores a service that normally has traffic but has none as down", () => {
    const h = score(healthy({ requestRate: 0, errorRatio: null, latencyP99Seconds: null }));
    expect(h.parts.traffic).toBe("missing");
    expect(h.parts.scores.errors).toBe(0);
    expect(h.score).toBe(0);
    expect(h.parts.findings[0]).toMatch(/no traffic: 0 req\/s but the service normally serves requests/);
  });

  it("leaves an idle service that is not expected to serve at 100", () => {
    const h = score(healthy({ requestRate: 0, errorRatio: null, latencyP99Seconds: null, expectsTraffic: false }));
    expect(h.parts.traffic).toBe("idle");
    expect(h.score).toBe(100);
  });

  it("scores a service scaled to zero that should serve as 0, and an idle one scaled to zero as fine", () => {
    const zero = pods({ desiredReplicas: 0, availableReplicas: 0, pods: 0 });
    expect(score(healthy({ requestRate: 0, errorRatio: null, latencyP99Seconds: null, pods: zero })).score).toBe(0);
    expect(score(healthy({ requestRate: 0, errorRatio: null, latencyP99Seconds: null, pods: zero, expectsTraffic: false })).score).toBe(100);
  });

  it("does not punish unknown inputs but says they are unknown", () => {
    const h = score(healthy({ latencyP99Seconds: null, pods: null, replicaAvailability: null }));
    expect(h.score).toBeGreaterThan(99);
    expect(h.parts.findings).toEqual(expect.arrayContaining(["p99 latency unknown", "replica availability unknown (no Deployment metrics)"]));
  });

  it("falls back to the availability metric when pod state is unknown", () => {
    const h = score(healthy({ pods: null, replicaAvailability: 0.5 }));
    expect(h.parts.availability.replicas).toBe(0.5);
    expect(h.parts.scores.availability).toBeCloseTo(Math.sqrt(0.5 / 0.99), 4);
  });

  it("uses per-service SLO overrides over the configured default over the built-in one", () => {
    const inputs = healthy({ latencyP99Seconds: 0.4, errorRatio: 0.02 });
    expect(scoreServiceHealth({ service: "cart", inputs }).parts.scores.latency).toBe(1);
    const slos = { default: { errorRatio: 0.05 }, services: { cart: { p99Ms: 200 } } };
    const cart = scoreServiceHealth({ service: "cart", inputs, slos });
    expect(cart.parts.slo).toEqual({ errorRatio: 0.05, p99Ms: 200, availability: 0.99 });
    expect(cart.parts.scores.latency).toBe(0.5);
    expect(cart.parts.scores.errors).toBe(1);
    expect(scoreServiceHealth({ service: "ad", inputs, slos }).parts.scores.latency).toBe(1);
  });

  it("keeps every score and H in range over extreme inputs", () => {
    for (const errorRatio of [0, 1, null]) {
      for (const latencyP99Seconds of [0, 60, null]) {
        const h = score(healthy({ errorRatio, latencyP99Seconds, pods: pods({ availableReplicas: 5, notReady: 9, pods: 4 }) }));
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(100);
        for (const value of Object.values(h.parts.scores)) expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it("is monotonic: making any one input worse never raises H (grid)", () => {
    const errors = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3, 1];
    const latencies = [0.05, 0.5, 0.6, 1, 2, 10];
    const available = [2, 1, 0];
    const notReady = [0, 1, 2];
    const rates = [20, 0.5, 0];
    const grid: { e: number; l: number; a: number; u: number; r: number }[] = [];
    for (const e of errors) for (const l of latencies) for (const a of available) for (const u of notReady) for (const r of rates) grid.push({ e, l, a, u, r });
    const h = (p: { e: number; l: number; a: number; u: number; r: number }, expectsTraffic = true) =>
      score(healthy({ errorRatio: p.e, latencyP99Seconds: p.l, requestRate: p.r, expectsTraffic, pods: pods({ availableReplicas: p.a, notReady: p.u }) })).score;
    let checked = 0;
    for (const p of grid) {
      for (const expectsTraffic of [true, false]) {
        const base = h(p, expectsTraffic);
        const worse = [
          ...errors.filter((e) => e > p.e).map((e) => ({ ...p, e })),
          ...latencies.filter((l) => l > p.l).map((l) => ({ ...p, l })),
          ...available.filter((a) => a < p.a).map((a) => ({ ...p, a })),
          ...notReady.filter((u) => u > p.u).map((u) => ({ ...p, u })),
        ];
        for (const q of worse) {
          expect(h(q, expectsTraffic), `${JSON.stringify(q)} vs ${JSON.stringify(p)}`).toBeLessThanOrEqual(base);
          checked++;
        }
        // Traffic vanishing from a service that expects it never helps (a lower non-zero rate may: less evidence, see the one-error allowance).
        if (expectsTraffic && p.r > 0) expect(h({ ...p, r: 0 }, true)).toBeLessThanOrEqual(base);
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe("namespace health", () => {
  it("is half the worst service and half the mean, naming the worst", () => {
    const ns = scoreNamespaceHealth([
      { service: "a", score: 100 },
      { service: "b", score: 100 },
      { service: "c", score: 40 },
    ]);
    expect(ns).toEqual({ score: 60, min: 40, mean: 80, worst: "c" });
  });

  it("is 100 for an empty namespace and drops with breadth of damage", () => {
    expect(scoreNamespaceHealth([]).score).toBe(100);
    const one = scoreNamespaceHealth([{ service: "a", score: 0 }, { service: "b", score: 100 }, { service: "c", score: 100 }]).score;
    const two = scoreNamespaceHealth([{ service: "a", score: 0 }, { service: "b", score: 0 }, { service: "c", score: 100 }]).score;
    expect(two).toBeLessThan(one);
  });
});
