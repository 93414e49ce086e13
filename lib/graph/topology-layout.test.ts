import { describe, expect, it } from "vitest";
import { callDepths, DEFAULT_TOPOLOGY_SIZES, layoutTopology } from "./topology-layout";

describe("callDepths", () => {
  it("puts entry services at 0 and each callee at its longest chain of calls", () => {
    const depths = callDepths({
      services: ["frontend", "cart", "checkout", "payment", "redis"],
      calls: [
        { from: "frontend", to: "cart" },
        { from: "frontend", to: "checkout" },
        { from: "checkout", to: "cart" },
        { from: "checkout", to: "payment" },
        { from: "cart", to: "redis" },
      ],
    });
    expect(depths).toEqual({ frontend: 0, checkout: 1, cart: 2, payment: 2, redis: 3 });
  });

  it("breaks cycles deterministically instead of looping", () => {
    const calls = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "c", to: "d" },
    ];
    const depths = callDepths({ services: ["d", "c", "b", "a"], calls });
    expect(depths).toEqual({ a: 0, b: 1, c: 2, d: 3 });
    expect(callDepths({ services: ["a", "b", "c", "d"], calls: [...calls].reverse() })).toEqual(depths);
  });

  it("ignores self-calls and links to unknown services", () => {
    expect(callDepths({ services: ["a", "b"], calls: [{ from: "a", to: "a" }, { from: "a", to: "zzz" }, { from: "a", to: "b" }] })).toEqual({ a: 0, b: 1 });
  });
});

describe("layoutTopology", () => {
  it("places one column per depth and keeps callees level with their callers", () => {
    const layout = layoutTopology({
      services: ["web", "admin", "api", "audit"],
      calls: [
        { from: "web", to: "api" },
        { from: "admin", to: "audit" },
      ],
    });
    const at = (id: string) => layout.services.find((s) => s.id === id);
    const { nodeWidth, columnGap, padding, nodeHeight, rowGap } = DEFAULT_TOPOLOGY_SIZES;
    expect(at("admin")).toMatchObject({ depth: 0, row: 0, x: padding, y: padding });
    expect(at("web")).toMatchObject({ depth: 0, row: 1 });
    // audit's caller (admin) is in row 0, api's (web) in row 1: the order follows.
    expect(at("audit")).toMatchObject({ depth: 1, row: 0, x: padding + nodeWidth + columnGap });
    expect(at("api")).toMatchObject({ depth: 1, row: 1, y: padding + nodeHeight + rowGap });
    expect(layout.width).toBe(2 * padding + 2 * nodeWidth + columnGap);
    expect(layout.height).toBe(2 * padding + 2 * nodeHeight + rowGap);
  });

  it("draws nothing for no services", () => {
    expect(layoutTopology({ services: [], calls: [] })).toMatchObject({ services: [], width: 2 * DEFAULT_TOPOLOGY_SIZES.padding });
  });
});
