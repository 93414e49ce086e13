import { describe, expect, it } from "vitest";
import { boundList, boundText, clipLine } from "./bound";
import { compileSafeRegex } from "./safe-regex";

describe("boundList", () => {
  it("keeps short lists whole", () => {
    expect(boundList([1, 2], { max: 5, noun: "pods" })).toEqual({ items: [1, 2], omitted: 0, note: undefined });
  });
  it("says how many were left out and how to narrow", () => {
    const r = boundList(Array.from({ length: 40 }, (_, i) => i), { max: 3, noun: "pods", hint: "narrow with labelSelector" });
    expect(r.items).toEqual([0, 1, 2]);
    expect(r.omitted).toBe(37);
    expect(r.note).toBe("… 37 more pods not shown; narrow with labelSelector");
  });
});

describe("boundText", () => {
  it("leaves text within budget alone", () => {
    expect(boundText("abc", 10)).toEqual({ text: "abc", truncated: false });
  });
  it("cuts at a line break, stays within budget and says how much was cut", () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(30)}`).join("\n");
    const r = boundText(text, 1000);
    expect(r.truncated).toBe(true);
    expect(r.text.length).toBeLessThanOrEqual(1000);
    expect(r.text).toMatch(/… output truncated: \d+ more characters not shown \(limit 1000\)$/);
    const kept = r.text.split("\n… output truncated")[0] ?? "";
    expect(text.startsWith(kept)).toBe(true);
    expect(kept.endsWith("x")).toBe(true);
  });
  it("cuts a single long line mid-line", () => {
    const r = boundText("y".repeat(5000), 500);
    expect(r.text.length).toBeLessThanOrEqual(500);
    expect(r.text.startsWith("yyy")).toBe(true);
  });
});

describe("clipLine", () => {
  it("clips with an ellipsis", () => {
    expect(clipLine("abcdef", 4)).toBe("abc…");
    expect(clipLine("abc", 4)).toBe("abc");
  });
});

describe("compileSafeRegex", () => {
  it("compiles ordinary patterns case-insensitively", () => {
    const r = compileSafeRegex("connection (refused|reset)");
    expect(r.ok && r.regex.test("Connection Refused")).toBe(true);
  });
  it.each([
    ["(a+)+$", "nested quantifiers"],
    ["(\\w*)*x", "nested quantifiers"],
    ["(x+){2,}", "nested quantifiers"],
    ["(a)\\1", "backreferences"],
    ["(?=a)b", "lookarounds"],
    ["[unclosed", "invalid regular expression"],
    ["", "empty"],
    ["a".repeat(201), "at most 200"],
  ])("refuses %s", (pattern, reason) => {
    const r = compileSafeRegex(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
