/**
 * Reciprocal rank fusion (Cormack et al., 2009): combines ranked lists from different retrievers
 * (BM25, embeddings) without calibrating their scores against each other. A document's fused
 * score is the sum of 1 / (k + rank) over the lists it appears in.
 */

/** The usual constant: damps the gap between the first ranks. */
export const RRF_K = 60;

export interface ReciprocalRankFusionOptions {
  /** Ranked id lists, best first. */
  rankings: ReadonlyArray<readonly string[]>;
  /** Weight per list (default 1 each). */
  weights?: readonly number[];
  k?: number;
}

/** Ids by fused score, best first; ties keep the order of first appearance. */
export function reciprocalRankFusion(options: ReciprocalRankFusionOptions): Array<{ id: string; score: number }> {
  const k = options.k ?? RRF_K;
  const scores = new Map<string, number>();
  options.rankings.forEach((ranking, listIndex) => {
    const weight = options.weights?.[listIndex] ?? 1;
    ranking.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  });
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
