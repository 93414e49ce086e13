import "server-only";
/** run_analyzers: collect a snapshot of the namespace and run every deterministic analyzer on it. */
import { z } from "zod";
import { collectClusterSnapshot } from "../../cluster/reads";
import { ANALYZERS, runAnalyzers, type Finding } from "../../reasoning/rules/analyzers";
import { listSection } from "../format-lines";
import { namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

/** Findings listed at most; they are sorted most severe first, so the cut keeps what matters. */
const MAX_FINDINGS = 25;
/** Evidence lines per finding in the text output (the data keeps all). */
const MAX_EVIDENCE_LINES = 4;

const ANALYZER_NAMES = ANALYZERS.map((a) => a.name) as [string, ...string[]];

function findingText(f: Finding): string {
  const category = f.suggestedCategory ? ` [${f.suggestedCategory.systemLevel} / ${f.suggestedCategory.faultType}]` : "";
  const lines = [`- ${f.severity.toUpperCase()} ${f.id}${f.service ? ` (service ${f.service})` : ""}: ${f.title}${category}`, `  ${f.detail}`];
  for (const e of f.evidence.slice(0, MAX_EVIDENCE_LINES)) lines.push(`  evidence: ${e}`);
  if (f.evidence.length > MAX_EVIDENCE_LINES) lines.push(`  … ${f.evidence.length - MAX_EVIDENCE_LINES} more evidence lines not shown`);
  return lines.join("\n");
}

export const runAnalyzersTool = defineTool({
  name: "run_analyzers",
  description: `Run deterministic checks over the namespace and return findings (most severe first) with exact evidence and a suggested fault category. Checks: ${ANALYZERS.map((a) => `${a.name} (${a.description})`).join("; ")}.`,
  maxOutputChars: 10_000,
  parameters: z
    .object({
      namespace: namespaceParam,
      analyzers: z.array(z.enum(ANALYZER_NAMES)).min(1).optional().describe("Run only these analyzers (default all)"),
      minSeverity: z.enum(["critical", "warning", "info"]).optional().describe("Drop findings less severe than this (default info: all)"),
      recentRolloutMinutes: z.number().int().min(1).max(24 * 60).optional().describe("Window for 'recent rollout' findings (default 30)"),
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const snapshot = await collectClusterSnapshot({ clients: ctx.clients, namespace, now: ctx.now });
    const rank = { critical: 0, warning: 1, info: 2 } as const;
    const floor = rank[params.minSeverity ?? "info"];
    const findings = runAnalyzers(snapshot, {
      now: ctx.now(),
      ...(params.analyzers ? { only: params.analyzers } : {}),
      ...(params.recentRolloutMinutes ? { recentRolloutMinutes: params.recentRolloutMinutes } : {}),
    }).filter((f) => rank[f.severity] <= floor);
    const counts = (["critical", "warning", "info"] as const).map((s) => `${findings.filter((f) => f.severity === s).length} ${s}`).join(", ");
    const section = listSection({
      heading: `Analyzer findings in ${namespace}: ${findings.length} (${counts})${snapshot.warnings.length ? `\nincomplete snapshot: ${snapshot.warnings.join("; ")}` : ""}`,
      items: findings,
      max: MAX_FINDINGS,
      noun: "findings",
      hint: "raise minSeverity or pick analyzers",
      empty: "  no problems found by the deterministic checks",
      line: findingText,
    });
    return toolOk(section.text, { data: { namespace, findings: findings.slice(0, MAX_FINDINGS), warnings: snapshot.warnings }, truncated: section.truncated });
  },
});
