/**
 * Ranks remembered incidents by likeness to the current one. Each signal is one an SRE would use
 * ("same service", "same mechanism", "the same alerts fired", "the story reads the same"), added
 * with a weight and named in the result so the agent and the UI can say why it matched.
 */
import { Bm25Index } from "../search/bm25-index";
import type { IncidentMemory } from "./incident-memory";
import { describeAction, fixFailed } from "./incident-memory";

/** What is known about the incident being worked on. Every field is optional. */
export interface SimilarIncidentQuery {
  namespace?: string | null;
  service?: string | null;
  alertNames?: readonly string[];
  /** The diagnosis' mechanism (e.g. `service-target-port`). */
  mechanism?: string | null;
  /** Kind and name of the object the diagnosis blamed. */
  faultyObject?: { kind: string; name: string } | null;
  /** Free text: title, alert summaries, root cause. */
  text?: string | null;
}

/** Weights of the signals; the total of a perfect match is their sum. */
export const SIMILARITY_WEIGHTS = {
  mechanism: 4,
  faultyObject: 3,
  service: 3,
  alertNames: 3,
  text: 2,
  namespace: 1,
} as const;

/** Results below this score are coincidences (a namespace alone), not similar incidents. */
export const MIN_SIMILARITY_SCORE = 2;

export interface SimilarIncident {
  memory: IncidentMemory;
  /** Sum of the weighted signals. */
  score: number;
  /** Why it matched, one phrase per signal. */
  reasons: string[];
  /** One sentence: what fixed it, and whether a fix was rolled back. */
  resolution: string;
}

export interface RankSimilarIncidentsOptions {
  query: SimilarIncidentQuery;
  memories: readonly IncidentMemory[];
  limit: number;
}

/** One sentence on how a remembered incident ended. */
export function describeResolution(memory: IncidentMemory): string {
  const worked = memory.fixes.filter((f) => f.outcome === "committed");
  const failed = memory.fixes.filter((f) => fixFailed(f.outcome));
  const label = (f: IncidentMemory["fixes"][number]) => f.summary ?? f.actions.map(describeAction).join(", ");
  const parts: string[] = [];
  if (worked.length > 0) parts.push(`fixed by ${worked.map(label).join("; ")}${worked[0]!.healthBefore !== null && worked[0]!.healthAfter !== null ? ` (health ${worked[0]!.healthBefore} -> ${worked[0]!.healthAfter})` : ""}`);
  if (failed.length > 0) {
    parts.push(
      `${failed.length === 1 ? "a fix was" : `${failed.length} fixes were`} ${failed.every((f) => f.outcome === "undone") ? "undone" : "rolled back"}: ${failed.map((f) => `${label(f)}${f.reason ? ` (${f.reason})` : ""}`).join("; ")}`,
    );
  }
  if (parts.length === 0) parts.push(memory.fixes.length > 0 ? "no fix was committed; resolved outside the pipeline" : "resolved without an agent fix");
  const sentence = parts.join("; ");
  return sentence[0]!.toUpperCase() + sentence.slice(1) + ".";
}

function memoryText(memory: IncidentMemory): string {
  return [memory.title, memory.rootCause, memory.alertText, memory.postmortem?.markdown.slice(0, 4_000), memory.fixes.map((f) => f.summary).join(" ")].filter(Boolean).join("\n");
}

/** The best `limit` memories for the query, best first; ties favour the more recent incident. */
export function rankSimilarIncidents({ query, memories, limit }: RankSimilarIncidentsOptions): SimilarIncident[] {
  if (memories.length === 0 || limit <= 0) return [];
  const textScores = new Map<string, number>();
  if (query.text && query.text.trim()) {
    const index = new Bm25Index({ documents: memories.map((m) => ({ id: m.incidentId, text: memoryText(m), boosted: m.title })) });
    const hits = index.search(query.text, memories.length);
    const best = hits[0]?.score ?? 0;
    for (const hit of hits) textScores.set(hit.id, best > 0 ? hit.score / best : 0);
  }
  const queryAlerts = new Set(query.alertNames ?? []);

  const scored = memories.map((memory): SimilarIncident => {
    let score = 0;
    const reasons: string[] = [];
    if (query.mechanism && query.mechanism !== "unknown" && memory.mechanism === query.mechanism) {
      score += SIMILARITY_WEIGHTS.mechanism;
      reasons.push(`same root-cause mechanism (${memory.mechanism})`);
    }
    if (query.faultyObject && memory.faultyObject && memory.faultyObject.kind === query.faultyObject.kind && memory.faultyObject.name === query.faultyObject.name) {
      score += SIMILARITY_WEIGHTS.faultyObject;
      reasons.push(`same faulty object (${memory.faultyObject.kind} ${memory.faultyObject.name})`);
    }
    if (query.service) {
      const services = new Set([memory.service, memory.faultyService, ...memory.alertServices].filter(Boolean));
      if (memory.service === query.service || memory.faultyService === query.service) {
        score += SIMILARITY_WEIGHTS.service;
        reasons.push(`same service (${query.service})`);
      } else if (services.has(query.service)) {
        score += SIMILARITY_WEIGHTS.service / 2;
        reasons.push(`${query.service} was involved`);
      }
    }
    if (queryAlerts.size > 0 && memory.alertNames.length > 0) {
      const common = memory.alertNames.filter((n) => queryAlerts.has(n));
      const union = new Set([...memory.alertNames, ...queryAlerts]).size;
      if (common.length > 0) {
        score += SIMILARITY_WEIGHTS.alertNames * (common.length / union);
        reasons.push(`alerts in common: ${common.join(", ")}`);
      }
    }
    const text = textScores.get(memory.incidentId) ?? 0;
    if (text > 0.05) {
      score += SIMILARITY_WEIGHTS.text * text;
      if (text >= 0.5) reasons.push("similar description");
    }
    if (query.namespace && memory.namespace === query.namespace) score += SIMILARITY_WEIGHTS.namespace;
    return { memory, score: Math.round(score * 1000) / 1000, reasons, resolution: describeResolution(memory) };
  });
  return scored
    .filter((s) => s.score >= MIN_SIMILARITY_SCORE && s.reasons.length > 0)
    .sort((a, b) => b.score - a.score || (b.memory.resolvedAt?.getTime() ?? 0) - (a.memory.resolvedAt?.getTime() ?? 0))
    .slice(0, limit);
}
