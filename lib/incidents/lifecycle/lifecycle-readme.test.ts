import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { README_GENERATED_END, README_GENERATED_START, generatedReadmeSection, toMermaid } from "./to-mermaid";
import { listTransitions } from "./transition-table";

const readme = readFileSync(fileURLToPath(new URL("./README.md", import.meta.url)), "utf8");

describe("README", () => {
  it("shows the diagram and state table generated from the code (regenerate: see the README)", () => {
    const start = readme.indexOf(README_GENERATED_START);
    const end = readme.indexOf(README_GENERATED_END);
    expect(start, "generated-part start marker").toBeGreaterThanOrEqual(0);
    expect(end, "generated-part end marker").toBeGreaterThan(start);
    expect(readme.slice(start, end + README_GENERATED_END.length)).toBe(generatedReadmeSection());
  });
});

describe("toMermaid", () => {
  it("draws every transition of the table", () => {
    const diagram = toMermaid();
    expect(diagram.startsWith("stateDiagram-v2\n  [*] --> DETECTING\n")).toBe(true);
    for (const { from, eventType, rule } of listTransitions()) {
      const arrow = diagram.split("\n").find((line) => line.startsWith(`  ${from} --> ${rule.to} : `));
      expect(arrow, `${from} --> ${rule.to}`).toBeDefined();
      expect(arrow).toContain(eventType);
    }
  });

  it("keeps labels free of extra colons, which Mermaid's state parser rejects", () => {
    for (const line of toMermaid().split("\n").filter((l) => l.includes(" --> "))) {
      expect(line.split(":").length, line).toBeLessThanOrEqual(2);
    }
  });
});
