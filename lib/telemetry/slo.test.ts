import { describe, expect, it } from "vitest";
import { DEFAULT_SLO, resolveSlo, sloOverridesJsonSchema } from "./slo";

describe("SLO overrides", () => {
  it("parses the env JSON into per-service overrides", () => {
    const parsed = sloOverridesJsonSchema.parse('{"checkout":{"errorRatio":0.01,"p99Ms":300}}');
    expect(parsed).toEqual({ checkout: { errorRatio: 0.01, p99Ms: 300 } });
    expect(resolveSlo("checkout", { services: parsed })).toEqual({ errorRatio: 0.01, p99Ms: 300, availability: 0.99 });
    expect(resolveSlo("cart", { services: parsed })).toEqual(DEFAULT_SLO);
  });

  it("treats an empty string as no overrides", () => {
    expect(sloOverridesJsonSchema.parse("  ")).toEqual({});
  });

  it.each([
    ["{not json", /expected JSON like/],
    ['{"checkout":{"errorRatio":2}}', /checkout.errorRatio|too big|less than/i],
    ['{"checkout":{"p99ms":300}}', /p99ms|unrecognized/i],
    ['{"Checkout":{"p99Ms":300}}', /DNS-1123/],
    ['{"checkout":{"availability":0}}', /greater than|too small/i],
  ])("rejects %s with a message naming the problem", (text, message) => {
    const result = sloOverridesJsonSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});
