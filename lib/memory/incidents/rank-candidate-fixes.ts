/**
 * Re-ranks the mitigation agent's candidate fixes with what happened last time: a fix that
 * resolved a similar incident moves up, one that TNR rolled back (or an operator undid) moves
 * down, and each candidate gets a sentence saying so for the agent's reasoning. Candidates with no
 * history keep their order (the sort is stable).
 */
import type { SimilarIncident } from "./rank-similar-incidents";
import { describeAction, fixFailed, fixSignature, type FixActionLike } from "./incident-memory";

/** A candidate fix: one or more actions proposed together. */
export interface FixCandidate {
  /** Caller's id for the candidate (its index, a playbook name). */
  id: string;
  actions: readonly FixActionLike[];
}

/** Evidence from one past attempt. */
export interface FixHistoryEvidence {
  incidentId: string;
  incidentTitle: string;
  transactionId: string;
  outcome: "committed" | "rolled_back" | "undone";
  /** Exact: same action type on the same object; similar: same action type only. */
  match: "exact" | "similar";
  /** Contribution to the adjustment. */
  weight: number;
  reason: string | null;
}

export interface RankedFixCandidate<C extends FixCandidate = FixCandidate> {
  candidate: C;
  /** Positive: worked before; negative: rolled back before; 0: no history. */
  adjustment: number;
  evidence: FixHistoryEvidence[];
  /** A sentence for the agent's reasoning, or null when there is no history. */
  reasoning: string | null;
}

export interface RankCandidateFixesOptions<C extends FixCandidate> {
  candidates: readonly C[];
  /** Similar past incidents, from `findSimilarIncidents` (their score weighs the evidence). */
  similar: readonly SimilarIncident[];
}

/** A same-type fix on another object counts this much of an exact match. */
const SIMILAR_MATCH_FACTOR = 0.4;

/** Candidates re-ranked by history (see the module comment), best first. */
export function rankCandidateFixes<C extends FixCandidate>({ candidates, similar }: RankCandidateFixesOptions<C>): Array<RankedFixCandidate<C>> {
  const topScore = Math.max(0, ...similar.map((s) => s.score));
  const ranked = candidates.map((candidate): RankedFixCandidate<C> => {
    const signatures = new Set(candidate.actions.map(fixSignature));
    const types = new Set(candidate.actions.map((a) => a.type));
    const evidence: FixHistoryEvidence[] = [];
    for (const incident of similar) {
      const relevance = topScore > 0 ? incident.score / topScore : 0;
      for (const fix of incident.memory.fixes) {
        if (fix.outcome !== "committed" && !fixFailed(fix.outcome)) continue;
        const exact = fix.actions.some((a) => signatures.has(fixSignature(a)));
        const sameType = !exact && fix.actions.some((a) => types.has(a.type));
        if (!exact && !sameType) continue;
        const sign = fix.outcome === "committed" ? 1 : -1;
        evidence.push({
          incidentId: incident.memory.incidentId,
          incidentTitle: incident.memory.title,
          transactionId: fix.transactionId,
          outcome: fix.outcome as FixHistoryEvidence["outcome"],
          match: exact ? "exact" : "similar",
          weight: Math.round(sign * relevance * (exact ? 1 : SIMILAR_MATCH_FACTOR) * 1000) / 1000,
          reason: fix.reason,
        });
      }
    }
    const adjustment = Math.round(evidence.reduce((sum, e) => sum + e.weight, 0) * 1000) / 1000;
    return { candidate, adjustment, evidence, reasoning: explain(candidate, adjustment, evidence) };
  });
  // Array.prototype.sort is stable: candidates without history keep the agent's order.
  return ranked.sort((a, b) => b.adjustment - a.adjustment);
}

function explain(candidate: FixCandidate, adjustment: number, evidence: FixHistoryEvidence[]): string | null {
  if (evidence.length === 0) return null;
  const what = candidate.actions.map(describeAction).join(" + ");
  const worked = evidence.filter((e) => e.outcome === "committed");
  const failed = evidence.filter((e) => e.outcome !== "committed");
  const cite = (list: FixHistoryEvidence[]) => list.map((e) => `incident ${e.incidentId} "${e.incidentTitle}"${e.match === "similar" ? " (same kind of action, other object)" : ""}${e.reason ? `: ${e.reason}` : ""}`).join("; ");
  const clauses: string[] = [];
  if (worked.length > 0) clauses.push(`it resolved ${worked.length === 1 ? "a similar incident" : `${worked.length} similar incidents`} before (${cite(worked)})`);
  if (failed.length > 0) clauses.push(`it was ${failed.every((e) => e.outcome === "undone") ? "undone by an operator" : "rolled back by TNR"} in ${failed.length === 1 ? "a similar incident" : `${failed.length} similar incidents`} (${cite(failed)})`);
  const verdict = adjustment > 0 ? "Ranked higher" : adjustment < 0 ? "Ranked lower" : "Rank unchanged";
  return `${verdict}: ${what} — ${clauses.join(", and ")}.`;
}
