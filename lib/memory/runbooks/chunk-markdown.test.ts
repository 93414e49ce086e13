import { describe, expect, it } from "vitest";
import { chunkMarkdown, markdownTitle, slugifyHeading } from "./chunk-markdown";

const RUNBOOK = `---
owner: payments
---
# Payment: connection refused

Intro paragraph.

## Symptoms
- checkout logs connection refused

## Diagnosis
1. \`\`\`
   # not a heading: a shell comment in a list item's code block
   kubectl get endpoints payment
   \`\`\`

### Endpoints empty
Selector mismatch.

## Mitigation
Restore the port.

## Mitigation
Second section with the same heading.

## Empty
`;

describe("chunkMarkdown", () => {
  const chunks = chunkMarkdown({ body: RUNBOOK });

  it("splits at headings with the heading path and a GitHub anchor", () => {
    expect(chunks.map((c) => [c.section, c.anchor])).toEqual([
      ["Payment: connection refused", "payment-connection-refused"],
      ["Payment: connection refused > Symptoms", "symptoms"],
      ["Payment: connection refused > Diagnosis", "diagnosis"],
      ["Payment: connection refused > Diagnosis > Endpoints empty", "endpoints-empty"],
      ["Payment: connection refused > Mitigation", "mitigation"],
      ["Payment: connection refused > Mitigation", "mitigation-1"],
    ]);
    expect(chunks.map((c) => c.ordinal)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("ignores # lines inside code fences (also fences opened in a list item) and drops front matter", () => {
    expect(chunks[2]!.text).toContain("# not a heading");
    expect(chunks.some((c) => c.text.includes("owner: payments"))).toBe(false);
  });

  it("keeps the heading line in the text and skips empty sections", () => {
    expect(chunks[1]!.text.startsWith("## Symptoms")).toBe(true);
    expect(chunks.some((c) => c.section.endsWith("Empty"))).toBe(false);
  });

  it("uses the fallback title when the document has no H1", () => {
    const [first] = chunkMarkdown({ body: "## Steps\nDo it.", fallbackTitle: "Cart" });
    expect(first).toMatchObject({ section: "Cart > Steps", anchor: "steps" });
  });

  it("splits a very long section at paragraphs, every part within the limit and numbered", () => {
    const paragraph = "word ".repeat(60).trim();
    const body = `# T\n\n## Long\n\n${Array.from({ length: 30 }, () => paragraph).join("\n\n")}`;
    const parts = chunkMarkdown({ body, maxChars: 1_000 });
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(1_000);
    expect(parts[0]!.section).toMatch(/^T > Long \(part 1 of \d+\)$/);
    expect(new Set(parts.map((p) => p.anchor))).toEqual(new Set(["long"]));
    // Nothing is lost.
    expect(parts.map((p) => p.text).join("\n\n").replace(/\s+/g, " ")).toBe(`## Long ${Array.from({ length: 30 }, () => paragraph).join(" ")}`);
  });

  it("hard-splits one giant line", () => {
    const parts = chunkMarkdown({ body: `# T\n\n${"x".repeat(5_000)}`, maxChars: 2_000 });
    expect(parts.map((p) => p.text.length).every((n) => n <= 2_000)).toBe(true);
  });
});

describe("slugifyHeading and markdownTitle", () => {
  it("makes GitHub-style anchors", () => {
    expect(slugifyHeading("OOMKilled: memory limit (256Mi)")).toBe("oomkilled-memory-limit-256mi");
    expect(slugifyHeading("  Ports & `targetPort`  ")).toBe("ports--targetport");
  });
  it("finds the first H1 outside code", () => {
    expect(markdownTitle("```\n# no\n```\n# Yes *really*")).toBe("Yes really");
    expect(markdownTitle("## only h2")).toBeUndefined();
  });
});
