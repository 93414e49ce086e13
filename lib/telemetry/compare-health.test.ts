import { describe, expect, it } from "vitest";
import { compareHealth } from "./compare-health";
import { scoreNamespaceHealth } from "./health";
import type { HealthMeasurement, MeasuredServiceHealth } from "./measure-health";

/** A measurement with the given service scores (parts are irrelevant to the verdict except findings). */
function measurement(scores: Record<string, number>, findings: Record<string, string[]> = {}): HealthMeasurement {
  const services = Object.entries(scores).map(
    ([service, score]) =>
      ({
        service,
        score,
        parts: { findings: findings[service] ?? [] },
      }) as unknown as MeasuredServiceHealth,
  );
  const aggregate = scoreNamespaceHealth(services);
  return { at: "2025-01-01T00:00:00.000Z", namespace: "shop", source: "test", windowSeconds: 60, score: aggregate.score, aggregate, services };
}

describe("compareHealth (TNR verdict)", () => {
  it("commits when the target recovers and nothing else regresses", () => {
    const result = compareHealth(measurement({ cart: 0, frontend: 40, ad: 100 }), measurement({ cart: 98, frontend: 97, ad: 100 }), { tolerance: 5, target: "cart" });
    expect(result.verdict).toBe("commit");
    expect(result.reasons[0]).toBe("target cart: H 0.00 → 98.00 (+98.00) within tolerance 5.00");
    expect(result.reasons).toContain("no other service in shop lost more than 5.00");
    expect(result.deltas.services).toEqual({ cart: 98, frontend: 57, ad: 0 });
  });

  it("aborts when the target regresses beyond the tolerance", () => {
    const result = compareHealth(measurement({ cart: 60, frontend: 90 }), measurement({ cart: 50, frontend: 90 }), { tolerance: 5, target: "cart" });
    expect(result.verdict).toBe("abort");
    expect(result.reasons[0]).toBe("target cart: H 60.00 → 50.00 (-10.00) regressed beyond tolerance 5.00");
  });

  it("aborts on collateral regression elsewhere, naming the service, the numbers and why", () => {
    const result = compareHealth(measurement({ cart: 0, checkout: 100, ad: 100 }), measurement({ cart: 100, checkout: 50, ad: 100 }, { checkout: ["p99 latency 1000 ms above its SLO of 500 ms"] }), { tolerance: 5, target: "cart" });
    expect(result.verdict).toBe("abort");
    expect(result.reasons).toContain("checkout: H 100.00 → 50.00 (-50.00) lost more than tolerance 5.00 [p99 latency 1000 ms above its SLO of 500 ms]");
    expect(result.reasons.some((r) => r.startsWith("ad:"))).toBe(false);
  });

  it("commits a drop of exactly the tolerance and aborts just past it (target and elsewhere)", () => {
    const before = measurement({ cart: 90, ad: 80.3 });
    expect(compareHealth(before, measurement({ cart: 85, ad: 75.3 }), { tolerance: 5, target: "cart" }).verdict).toBe("commit");
    expect(compareHealth(before, measurement({ cart: 84.99, ad: 80.3 }), { tolerance: 5, target: "cart" }).verdict).toBe("abort");
    expect(compareHealth(before, measurement({ cart: 90, ad: 75.29 }), { tolerance: 5, target: "cart" }).verdict).toBe("abort");
  });

  it("with zero tolerance, any loss aborts and no change commits", () => {
    const before = measurement({ cart: 90, ad: 100 });
    expect(compareHealth(before, measurement({ cart: 90, ad: 100 }), { tolerance: 0, target: "cart" }).verdict).toBe("commit");
    expect(compareHealth(before, measurement({ cart: 90, ad: 99.99 }), { tolerance: 0, target: "cart" }).verdict).toBe("abort");
  });

  it("judges the namespace score when no target service is named", () => {
    const before = measurement({ cart: 0, ad: 100 });
    const result = compareHealth(before, measurement({ cart: 100, ad: 100 }), { tolerance: 5 });
    expect(result.verdict).toBe("commit");
    expect(result.reasons[0]).toMatch(/^namespace shop: H 25.00 → 100.00 \(\+75.00\)/);
  });

  it("aborts when the target or another service was not measured after", () => {
    expect(compareHealth(measurement({ cart: 50, ad: 100 }), measurement({ ad: 100 }), { tolerance: 5, target: "cart" }).reasons[0]).toBe("target cart: not measured after the transaction");
    const missingOther = compareHealth(measurement({ cart: 50, ad: 100 }), measurement({ cart: 100 }), { tolerance: 5, target: "cart" });
    expect(missingOther.verdict).toBe("abort");
    expect(missingOther.reasons).toContain("ad: measured before but not after the transaction");
  });

  it("rejects a negative tolerance", () => {
    expect(() => compareHealth(measurement({}), measurement({}), { tolerance: -1 })).toThrow(RangeError);
  });
});
