import "server-only";
/**
 * What the mitigation step consults besides the cluster, whichever reasoner proposes: the team's
 * runbooks and the incidents it resolved before. Both are read through the agents' tools, so the
 * timeline shows the calls; the proposal then carries the runbook citations that informed it,
 * and its fix is re-ranked against history — a fix that worked on the same object before is
 * preferred over one TNR rolled back (or an operator undid), and the reasoning says so.
 */
import type { AgentContext } from "../agents/agent-context";
import type { DiagnosisOutput } from "../agents/diagnosis-schema";
import type { MitigationOutput } from "../agents/mitigation-schema";
import type { NormalizedAlert } from "../alerts/types";
import { mitigationActionSchema, type MitigationAction } from "../cluster/actions/catalogue";
import type { Db } from "../db/client";
import { findSimilarIncidents, similarIncidentQueryFor } from "../memory/incidents/find-similar-incidents";
import { rankCandidateFixes } from "../memory/incidents/rank-candidate-fixes";
import type { SimilarIncident } from "../memory/incidents/rank-similar-incidents";

/** A runbook passage cited by a proposal. */
export interface RunbookCitation {
  citation: string;
  section: string;
  runbook: string;
}

export interface ConsultMemoryOptions {
  agentCtx: AgentContext;
  db: Db;
  incidentId: string;
  diagnosis: DiagnosisOutput;
  alerts: readonly NormalizedAlert[];
}

export interface ConsultedMemory {
  runbooks: RunbookCitation[];
  similar: SimilarIncident[];
}

/** Runbook search and similar incidents for the diagnosis at hand (each failing softly: memory informs, it never blocks a fix). */
export async function consultMemory({ agentCtx, db, incidentId, diagnosis, alerts }: ConsultMemoryOptions): Promise<ConsultedMemory> {
  const alertNames = [...new Set(alerts.map((a) => a.name))];
  const runbookUrl = alerts.map((a) => a.annotations.runbook_url).find((url) => typeof url === "string" && /^https?:\/\//.test(url));
  const query = [...alertNames, diagnosis.service, diagnosis.faultyObject.kind, diagnosis.faultyObject.name, diagnosis.rootCause].filter(Boolean).join(" ").slice(0, 1_000);
  const search = await agentCtx.callTool("search_runbooks", { query, limit: 3, ...(runbookUrl ? { runbookUrl } : {}) });
  const passages = search.ok ? ((search.data as { passages?: { citation?: unknown; section?: unknown; title?: unknown; runbookTitle?: unknown }[] } | undefined)?.passages ?? []) : [];
  const runbooks = passages.flatMap((p) =>
    typeof p.citation === "string" ? [{ citation: p.citation, section: typeof p.section === "string" ? p.section : String(p.title ?? ""), runbook: String(p.runbookTitle ?? p.title ?? p.citation.split("#")[0]) }] : [],
  );
  // The tool call puts the comparison on the timeline; the structured result comes from the same function.
  await agentCtx.callTool("similar_incidents", {});
  let similar: SimilarIncident[] = [];
  try {
    similar = await findSimilarIncidents({ db, query: await similarIncidentQueryFor({ db, incidentId }), excludeIncidentId: incidentId });
  } catch {
    similar = [];
  }
  return { runbooks, similar };
}

export interface RerankedFix {
  actions: { action: MitigationAction; reason: string }[];
  summary: string;
  /** One sentence per candidate with history, for the timeline. */
  reasoning: string[];
  /** The fix came from a past incident instead of the reasoner's proposal. */
  fromHistory: { incidentId: string; transactionId: string } | null;
}

/**
 * Ranks the reasoner's transaction against fixes that worked on the same faulty object in
 * similar incidents. The reasoner's fix stands unless it was rolled back before and a past fix of
 * the same object committed (and parses as a catalogue action today).
 */
export function rerankWithHistory({ proposal, similar, diagnosis }: { proposal: Extract<MitigationOutput, { kind: "transaction" }>; similar: readonly SimilarIncident[]; diagnosis: DiagnosisOutput }): RerankedFix {
  const same = (o: { kind: string; name: string } | null) => o !== null && o.kind === diagnosis.faultyObject.kind && o.name === diagnosis.faultyObject.name;
  const pastFixes = similar.flatMap((s) =>
    same(s.memory.faultyObject)
      ? s.memory.fixes.filter((f) => f.outcome === "committed").flatMap((f) => {
          const actions = f.actions.map((a) => mitigationActionSchema.safeParse(a));
          if (actions.some((a) => !a.success || a.data.params.namespace !== diagnosis.faultyObject.namespace)) return [];
          return [{ id: `history:${f.transactionId}`, actions: actions.map((a) => a.data!), source: { incidentId: s.memory.incidentId, transactionId: f.transactionId }, summary: f.summary }];
        })
      : [],
  );
  const own = { id: "proposal", actions: proposal.actions.map((a) => a.action), source: null, summary: proposal.summary };
  const ranked = rankCandidateFixes({ candidates: [own, ...pastFixes], similar });
  const reasoning = ranked.flatMap((r) => (r.reasoning ? [r.reasoning] : []));
  const ownRank = ranked.find((r) => r.candidate.id === "proposal")!;
  const best = ranked[0]!;
  if (best.candidate.source && ownRank.adjustment < 0 && best.adjustment > 0) {
    return {
      actions: best.candidate.actions.map((action) => ({ action, reason: `worked before on ${diagnosis.faultyObject.kind}/${diagnosis.faultyObject.name} (incident ${best.candidate.source!.incidentId}); the agent's own fix was rolled back before` })),
      summary: best.candidate.summary ?? `Re-apply the fix that resolved incident ${best.candidate.source.incidentId}`,
      reasoning,
      fromHistory: best.candidate.source,
    };
  }
  return { actions: proposal.actions, summary: proposal.summary, reasoning, fromHistory: null };
}
