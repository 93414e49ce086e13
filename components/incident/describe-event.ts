import type { IncidentEventView } from "@/lib/incidents/incident-views";

/** How one timeline entry reads: an icon, a category for styling and filtering, and one line. */
export interface EventDescription {
  icon: string;
  category: "state" | "reasoning" | "tool" | "finding" | "decision" | "execution" | "verdict" | "alert" | "pipeline";
  text: string;
}

const s = (v: unknown) => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));

/** One line per event type, in words; unknown types fall back to their payload keys. */
export function describeEvent(event: IncidentEventView): EventDescription {
  const p = event.payload;
  const transition = typeof p.from === "string" && typeof p.to === "string" && p.from !== p.to ? ` (${p.from} → ${p.to})` : "";
  switch (event.type) {
    case "incident.opened":
      return { icon: "◆", category: "alert", text: `Opened by alert ${s(p.name)} (${s(p.severity)}, ${s(p.source)})` };
    case "alert.attached":
      return { icon: "+", category: "alert", text: `Alert ${s(p.name)} joined (${s(p.severity)})` };
    case "alert.resolved":
      return { icon: "✓", category: "alert", text: `Alert ${s(p.name)} resolved` };
    case "incident.severity_changed":
      return { icon: "▲", category: "alert", text: `Severity ${s(p.from)} → ${s(p.to)}` };
    case "agent.step":
    {
      const usage = p.usage as { inputTokens?: unknown; outputTokens?: unknown } | undefined;
      const cost = usage && typeof usage.inputTokens === "number" ? ` (${usage.inputTokens} in / ${String(usage.outputTokens)} out tokens${typeof p.redactions === "number" && p.redactions > 0 ? `, ${p.redactions} redacted` : ""})` : "";
      return { icon: p.kind === "decision" ? "➜" : p.kind === "hypothesis" ? "?" : p.kind === "fallback" ? "⤺" : "•", category: "reasoning", text: `${s(p.agent)} ${s(p.kind)}: ${s(p.text)}${cost}` };
    }
    case "agent.tool_call":
      return { icon: p.ok === false ? "✗" : "⚙", category: "tool", text: `${s(p.agent)} called ${s(p.tool)}${p.ok === false ? " (failed)" : ""}` };
    case "agent.detection":
      return { icon: "◎", category: "finding", text: `Detection: ${s(p.verdict)}: ${s(p.reason)}` };
    case "agent.diagnosis":
      return { icon: "◎", category: "finding", text: `Diagnosis: ${s(p.rootCause)}${typeof p.confidence === "number" ? ` (confidence ${Math.round(p.confidence * 100)}%)` : ""}` };
    case "agent.proposal":
      return { icon: "◇", category: "decision", text: `Proposed: ${s(p.summary)}` };
    case "agent.proposal_refused":
      return { icon: "✗", category: "decision", text: `Proposal refused: ${s(p.reason)}` };
    case "agent.escalation":
      return { icon: "⚑", category: "decision", text: `Escalation: ${s(p.reason)}` };
    case "approval.granted":
      return { icon: "✓", category: "decision", text: `Approved by ${s(p.by)}${p.auto ? " (autopilot policy)" : ""}${transition}` };
    case "approval.rejected":
      return { icon: "✗", category: "decision", text: `Rejected by ${s(p.by)}: ${s(p.reason)}${transition}` };
    case "execution.started":
      return { icon: "▶", category: "execution", text: `Execution started, H before ${s(p.healthBefore)}${transition}` };
    case "execution.completed":
      return { icon: "▶", category: "execution", text: `Executed ${s(p.executedActions)} action(s); validating${transition}` };
    case "execution.failed":
      return { icon: "✗", category: "execution", text: `Execution failed: ${s(p.error)}${transition}` };
    case "validation.committed":
      return { icon: "✓", category: "verdict", text: `Committed: H ${s(p.healthBefore)} → ${s(p.healthAfter)}${transition}` };
    case "validation.regressed":
      return { icon: "↺", category: "verdict", text: `Regressed: H ${s(p.healthBefore)} → ${s(p.healthAfter)}: ${s(p.reason)}${transition}` };
    case "rollback.completed":
      return { icon: "↺", category: "verdict", text: `Rolled back ${s(p.undoneActions)} action(s)${transition}` };
    case "rollback.failed":
      return { icon: "✗", category: "verdict", text: `Rollback failed: ${s(p.error)}${transition}` };
    case "rollback.reviewed":
      return { icon: "↺", category: "state", text: `Back to diagnosis: ${s(p.whatDidNotWork)}${transition}` };
    case "undo.completed":
      return { icon: "↶", category: "verdict", text: `Undone: H ${s(p.healthBefore)} → ${s(p.healthAfter)}${transition}` };
    case "undo.aborted":
      return { icon: "✗", category: "verdict", text: `Undo refused and re-applied: ${s(p.reason)}${transition}` };
    case "undo.failed":
      return { icon: "✗", category: "verdict", text: `Undo failed: ${s(p.error)}${transition}` };
    case "operator.undo_requested":
      return { icon: "↶", category: "decision", text: `Undo requested by ${s(p.by)}: ${s(p.reason)}${transition}` };
    case "tnr.result":
      return { icon: p.verdict === "committed" ? "✓" : "↺", category: "verdict", text: `TNR verdict: ${s(p.verdict)} (H ${s(p.scoreBefore)} → ${s(p.scoreAfter)})${Array.isArray(p.reasons) && p.reasons.length ? `: ${p.reasons.join("; ")}` : ""}` };
    case "tnr.detail":
      return { icon: "≡", category: "verdict", text: `Health measured for ${s(p.event)}${Array.isArray(p.reasons) && p.reasons.length ? `: ${p.reasons.join("; ")}` : ""}` };
    case "tnr.lock.acquired":
      return { icon: "■", category: "execution", text: `Write lock taken by ${s(p.owner)}` };
    case "tnr.action.planned":
      return { icon: "◇", category: "execution", text: `Planned action ${Number(p.index) + 1}: ${s(p.summary)}` };
    case "tnr.action.executed":
      return { icon: "▶", category: "execution", text: `Executed action ${Number(p.index) + 1}: ${s(p.summary)}` };
    case "tnr.action.undone":
      return { icon: "↺", category: "execution", text: `Undid action ${Number(p.index) + 1}: ${s(p.message)}` };
    case "tnr.stabilizing":
      return { icon: "◔", category: "execution", text: `Observing for ${Math.round(Number(p.windowMs) / 1000)} s (cluster time) before judging` };
    case "agent.metrics_reads":
      return { icon: "∿", category: "tool", text: `${s(p.agent)} read telemetry ${Array.isArray(p.reads) ? p.reads.length : 0} times` };
    case "tnr.undo_result":
      return { icon: "↶", category: "verdict", text: `Undo ${s(p.outcome)}${p.regressed ? " (the undo regressed health)" : ""}: H ${s(p.healthBefore)} → ${s(p.healthAfter)}` };
    case "tnr.recovered":
      return { icon: "⟲", category: "execution", text: `Transaction resumed after a crash: ${s(p.resumed)}` };
    case "operator.action_proposed":
      return { icon: "✋", category: "decision", text: `${s(p.by)} asked for: ${s(p.summary)}${transition}` };
    case "ask.question":
      return { icon: "?", category: "decision", text: `${s(p.by)} asked: ${s(p.question)}` };
    case "ask.answer":
      return { icon: "↳", category: "reasoning", text: `Answer: ${s(p.answer).slice(0, 300)}` };
    case "postmortem.drafted":
      return { icon: "✎", category: "pipeline", text: "Postmortem drafted" };
    case "postmortem.reviewed":
      return { icon: "✔", category: "pipeline", text: `Postmortem reviewed by ${s(p.by)}` };
    case "pipeline.rollback_reviewed":
      return { icon: "⚙", category: "pipeline", text: `${s(p.whatDidNotWork)}; ${s(p.next)}` };
    case "pipeline.reasoner_chosen":
      return { icon: "⚙", category: "pipeline", text: `Reasoner: ${s(p.reasoner)}` };
    case "pipeline.reasoner_changed":
      return { icon: "⚙", category: "pipeline", text: `Reasoner changed ${s(p.from)} → ${s(p.to)}: ${s(p.reason)}` };
    default: {
      if (transition) return { icon: "●", category: "state", text: `${event.type}${transition}${typeof p.reason === "string" ? `: ${p.reason}` : ""}` };
      const keys = Object.entries(p)
        .slice(0, 4)
        .map(([k, v]) => `${k}: ${s(v).slice(0, 120)}`)
        .join(" · ");
      return { icon: "•", category: "pipeline", text: keys };
    }
  }
}
