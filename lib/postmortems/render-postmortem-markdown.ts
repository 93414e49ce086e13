/**
 * The postmortem draft as markdown, from its facts alone: the same facts always give the same
 * text (fixed UTC times, no locale), so a redraft shows exactly what changed in the facts.
 * Text that came from agents, alerts or people is escaped where markdown would read it as syntax.
 */
import { formatCount, formatDurationMs, formatInstant, formatPercent, formatScore } from "./format-postmortem-values";
import type { ErrorBudget, MitigationAttempt, PostmortemFacts } from "./postmortem-facts";

const MILESTONE_LABELS: Record<string, string> = {
  trigger: "Triggered (first alert)",
  detection: "Detected",
  diagnosis: "Diagnosed",
  proposal: "Mitigation proposed",
  approval: "Approved",
  mitigation: "Mitigated",
  resolution: "Resolved",
  escalation: "Escalated",
};

const OUTCOME_LABELS: Record<MitigationAttempt["outcome"], string> = {
  committed: "committed (kept)",
  rolled_back: "rolled back by TNR",
  aborted: "aborted",
  undone: "undone by an operator after commit",
  in_flight: "still in flight",
  not_run: "not executed",
};

/** Escapes characters markdown would treat as syntax inside running text (HTML included: it is never rendered). */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n+/g, " ").replace(/([\\`*_[\]<>|#])/g, "\\$1");
}

const e = escapeMarkdown;
const list = (items: string[], empty: string) => (items.length ? items.map((item) => `- ${e(item)}`) : [`- _${empty}_`]);

function budgetLines(budget: ErrorBudget): string[] {
  if (budget.status === "unknown") return [`- Error budget burned: unknown (${e(budget.reason)})`];
  const lines = [
    `- Error budget burned (${e(budget.source)} telemetry, ${formatInstant(budget.windowStart)} to ${formatInstant(budget.windowEnd)}, ${budget.stepSeconds} s resolution):`,
  ];
  for (const s of budget.services) {
    if (s.budgetBurned === null || s.totalRequests === null || s.badRequests === null) {
      lines.push(`  - ${e(s.service)}: ${e(s.note ?? "no data")}`);
      continue;
    }
    const ratio = s.totalRequests > 0 ? s.badRequests / s.totalRequests : 0;
    lines.push(
      `  - ${e(s.service)}: ${formatCount(s.badRequests)} failed of ${formatCount(s.totalRequests)} requests (${formatPercent(ratio)} against an SLO of ${formatPercent(s.sloErrorRatio)}): ` +
        `${Math.round(s.budgetBurned * 10) / 10}× the window's error budget, about ${formatPercent(s.shareOf30DayBudget ?? 0)} of a 30-day budget`,
    );
  }
  return lines;
}

function attemptLines(a: MitigationAttempt): string[] {
  const approval =
    a.approval.decision === "approved"
      ? a.approval.auto
        ? `auto-approved by policy ${e(a.approval.by ?? "?")}`
        : `approved by **${e(a.approval.by ?? "?")}**`
      : a.approval.decision === "rejected"
        ? `rejected by **${e(a.approval.by ?? "?")}**: ${e(a.approval.reason ?? "")}`
        : "no decision recorded";
  const wait = a.approval.waitMs !== null ? ` after ${formatDurationMs(a.approval.waitMs)}` : "";
  const lines = [`### Attempt ${a.number}: ${e(a.summary)}`, "", `- Proposed ${formatInstant(a.proposedAt)}; ${approval}${wait}`];
  for (const action of a.actions) {
    lines.push(`- Action${action.risk ? ` (${e(action.risk)} risk)` : ""}: ${e(action.summary)}${action.kubectl ? ` — \`${action.kubectl.replace(/`/g, "'")}\`` : ""}`);
  }
  let outcome = `- Outcome: **${OUTCOME_LABELS[a.outcome]}**`;
  if (a.healthBefore !== null || a.healthAfter !== null) outcome += `; target H before ${formatScore(a.healthBefore)}, after ${formatScore(a.healthAfter)}`;
  if (a.namespaceHealthBefore !== null || a.namespaceHealthAfter !== null) outcome += `; namespace H ${formatScore(a.namespaceHealthBefore)} → ${formatScore(a.namespaceHealthAfter)}`;
  if (a.cause) outcome += ` (${e(a.cause)})`;
  lines.push(outcome);
  for (const reason of a.reasons) lines.push(`  - ${e(reason)}`);
  if (a.undo) {
    lines.push(
      `- Undo${a.undo.by ? ` requested by **${e(a.undo.by)}**` : ""}${a.undo.reason ? ` (${e(a.undo.reason)})` : ""}: ${e(a.undo.outcome ?? "in progress")}` +
        (a.undo.healthBefore !== null || a.undo.healthAfter !== null ? `, H ${formatScore(a.undo.healthBefore)} → ${formatScore(a.undo.healthAfter)}` : ""),
    );
  }
  lines.push("");
  return lines;
}

/** The draft's markdown (see the module comment). */
export function renderPostmortemMarkdown(facts: PostmortemFacts): string {
  const { incident, impact, timeline, rootCause, agents } = facts;
  const out: string[] = [`# Postmortem: ${e(incident.title)}`, ""];
  out.push(
    `_Draft written from the incident record at ${formatInstant(facts.gatheredAt)}. Incident \`${incident.id}\`, severity ${e(incident.severity)}, state ${e(incident.state)}` +
      `${incident.namespace ? `, namespace ${e(incident.namespace)}` : ""}${incident.cluster ? `, cluster ${e(incident.cluster)}` : ""}._`,
    "",
  );

  out.push("## Summary", "", e(facts.summary), "");

  out.push("## Impact", "");
  out.push(`- Duration: ${formatDurationMs(impact.durationMs)} (${formatInstant(impact.start)} to ${impact.end ? formatInstant(impact.end) : "still open"})`);
  out.push(`- Services affected: ${impact.servicesAffected.length ? impact.servicesAffected.map(e).join(", ") : "unknown"}`);
  out.push(...budgetLines(impact.errorBudget));
  if (impact.alerts.length) {
    out.push(`- Alerts (${impact.alerts.length}):`);
    for (const a of impact.alerts) out.push(`  - ${e(a.name)}${a.service ? ` on ${e(a.service)}` : ""} (${e(a.severity)}), ${formatInstant(a.startsAt)} to ${a.endsAt ? formatInstant(a.endsAt) : "still firing"}`);
  }
  out.push("");

  out.push("## Timeline", "");
  out.push(`Time to detect (MTTD) ${formatDurationMs(timeline.mttdMs)} · time to acknowledge (MTTA) ${formatDurationMs(timeline.mttaMs)} · time to resolve (MTTR) ${formatDurationMs(timeline.mttrMs)}`, "");
  out.push("| Milestone | Time |", "| --- | --- |");
  for (const m of timeline.milestones) {
    if (m.key === "escalation" && !m.at) continue;
    out.push(`| ${MILESTONE_LABELS[m.key] ?? m.key} | ${m.at ? formatInstant(m.at) : "—"} |`);
  }
  out.push("");
  if (timeline.entries.length) {
    out.push("Events:", "");
    for (const entry of timeline.entries) out.push(`- ${formatInstant(entry.at)}: ${e(entry.text)}`);
    out.push("");
  }

  out.push("## Root cause", "");
  if (rootCause) {
    out.push(e(rootCause.summary), "");
    if (rootCause.faultyObject) out.push(`- Faulty object: ${e(`${rootCause.faultyObject.kind} ${rootCause.faultyObject.namespace}/${rootCause.faultyObject.name}`)}`);
    if (rootCause.category) out.push(`- Category: ${e(`${rootCause.category.systemLevel} / ${rootCause.category.faultType}`)}`);
    if (rootCause.confidence !== null) out.push(`- Confidence: ${formatPercent(rootCause.confidence)}`);
    if (rootCause.evidence.length) {
      out.push("- Evidence:");
      for (const item of rootCause.evidence) out.push(`  - ${e(item)}`);
    }
    if (rootCause.ruledOut.length) {
      out.push("- Ruled out:");
      for (const r of rootCause.ruledOut) out.push(`  - ${e(r.hypothesis)}: ${e(r.why)}`);
    }
  } else {
    out.push("_No root cause was established by the agents._");
  }
  out.push("");
  out.push("### Contributing factors", "", ...list(facts.contributingFactors, "none identified from the record"), "");

  out.push("## What the agents did", "");
  const calls = Object.entries(agents.toolCalls).sort(([a], [b]) => a.localeCompare(b));
  out.push(`- Reasoner: ${e(agents.reasoner ?? "not recorded")}`);
  out.push(`- Tool calls: ${calls.length ? calls.map(([agent, count]) => `${e(agent)} ${count}`).join(", ") : "none recorded"}; diagnoses made: ${agents.diagnoses}`);
  for (const note of agents.notes) out.push(`- ${e(note)}`);
  out.push("");

  out.push("## Mitigation attempts and approvals", "");
  if (facts.attempts.length) for (const a of facts.attempts) out.push(...attemptLines(a));
  else out.push("_No mitigation was proposed._", "");
  if (facts.operatorActions.length) {
    out.push("Operator actions:", "");
    for (const action of facts.operatorActions) out.push(`- ${formatInstant(action.at)}: ${e(action.text)}`);
    out.push("");
  }

  out.push("## What went well", "", ...list(facts.wentWell, "nothing notable derived from the record; add your own"), "");
  out.push("## What went badly", "", ...list(facts.wentBadly, "nothing notable derived from the record; add your own"), "");
  out.push("## Follow-up actions", "", ...(facts.followUps.length ? facts.followUps.map((f) => `- [ ] ${e(f)}`) : ["- [ ] _none derived from the record; add your own_"]), "");
  return `${out.join("\n").trimEnd()}\n`;
}
