/**
 * A diagnosis must rest on evidence that exists: its primary cause cites at least one tool call
 * of this run or one analyzer finding, and every call id and finding id it cites (in any cause,
 * and in a rollout) is one the run actually produced. A telemetry description (`{ metric }`) is
 * allowed as extra evidence but is not a citation: anything can be written there.
 */
import type { Evidence } from "../../agents/agent-schemas";
import type { DiagnosisOutput } from "../../agents/diagnosis-schema";

/** Options of `checkDiagnosisCitations`. */
export interface CheckDiagnosisCitationsOptions {
  diagnosis: DiagnosisOutput;
  /** Call ids of the tool calls made in this diagnosis run. */
  knownCallIds: ReadonlySet<string>;
  /** Ids of the analyzer findings seen in this run. */
  knownFindingIds: ReadonlySet<string>;
}

export type CitationCheck = { ok: true; cites: string[] } | { ok: false; problem: string };

function citesOf(evidence: readonly Evidence[]): string[] {
  return evidence.flatMap((e) => ("callId" in e.source ? [e.source.callId] : "findingId" in e.source ? [e.source.findingId] : []));
}

/** Accepts a diagnosis whose citations exist, or says what is wrong with them. */
export function checkDiagnosisCitations({ diagnosis, knownCallIds, knownFindingIds }: CheckDiagnosisCitationsOptions): CitationCheck {
  const primary = citesOf(diagnosis.evidence);
  if (diagnosis.rollout) primary.push(diagnosis.rollout.callId);
  if (primary.length === 0) return { ok: false, problem: "the primary root cause cites no evidence: cite at least one tool call id (callId) or analyzer finding id (findingId) from this investigation" };

  const unknown: string[] = [];
  const check = (evidence: readonly Evidence[]) => {
    for (const e of evidence) {
      if ("callId" in e.source && !knownCallIds.has(e.source.callId)) unknown.push(`callId "${e.source.callId}"`);
      if ("findingId" in e.source && !knownFindingIds.has(e.source.findingId)) unknown.push(`findingId "${e.source.findingId}"`);
    }
  };
  check(diagnosis.evidence);
  for (const cause of diagnosis.otherCauses) {
    check(cause.evidence);
    if (cause.rollout && !knownCallIds.has(cause.rollout.callId)) unknown.push(`rollout callId "${cause.rollout.callId}"`);
  }
  if (diagnosis.rollout && !knownCallIds.has(diagnosis.rollout.callId)) unknown.push(`rollout callId "${diagnosis.rollout.callId}"`);
  if (unknown.length > 0) {
    const sample = (ids: ReadonlySet<string>) => [...ids].slice(0, 12).join(", ") || "none";
    return { ok: false, problem: `the diagnosis cites evidence that does not exist: ${[...new Set(unknown)].join(", ")}. Known call ids: ${sample(knownCallIds)}. Known finding ids: ${sample(knownFindingIds)}` };
  }
  const all = [...primary, ...diagnosis.otherCauses.flatMap((c) => citesOf(c.evidence))];
  return { ok: true, cites: [...new Set(all)] };
}
