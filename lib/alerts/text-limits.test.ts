import { describe, expect, it } from "vitest";
import { toStringMap } from "./string-map";
import { boundOptionalText, boundText } from "./text-limits";

describe("boundText", () => {
  it("trims and leaves short text alone", () => {
    expect(boundText("  HighErrorRatio \n", 200)).toBe("HighErrorRatio");
  });

  it("cuts long text to the limit, ending with an ellipsis", () => {
    const bounded = boundText("x".repeat(300), 200);
    expect(bounded).toHaveLength(200);
    expect(bounded.endsWith("…")).toBe(true);
  });

  it("never splits a surrogate pair", () => {
    const bounded = boundText("a" + "😀".repeat(10), 6);
    expect(bounded).toBe("a😀😀…");
    expect(bounded.length).toBeLessThanOrEqual(6);
  });

  it("boundOptionalText turns blank into null", () => {
    expect(boundOptionalText("   ", 10)).toBeNull();
    expect(boundOptionalText(undefined, 10)).toBeNull();
    expect(boundOptionalText(" shop ", 10)).toBe("shop");
  });
});

describe("toStringMap", () => {
  it("converts numbers and booleans, drops null, trims and bounds", () => {
    expect(toStringMap({ replicas: 3, canary: false, owner: null, team: " blue ", long: "y".repeat(20) }, 10)).toEqual({
      replicas: "3",
      canary: "false",
      team: "blue",
      long: "yyyyyyyyy…",
    });
  });
});
