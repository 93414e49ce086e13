/**
 * The in-memory search index over runbook chunks: BM25 always, cosine similarity over stored
 * embeddings when the chunks have them, the two fused by reciprocal rank. Pure (no database):
 * `load-runbook-search-index.ts` builds it from the database and caches it.
 */
import { Bm25Index } from "./bm25-index";
import { dot, normalizeVector } from "./vector-math";
import { reciprocalRankFusion } from "./rank-fusion";

/** A chunk as the index holds it. */
export interface IndexedChunk {
  id: string;
  runbookSlug: string;
  runbookTitle: string;
  section: string;
  anchor: string;
  text: string;
  /** Stored vector and the model that made it, when there is one. */
  embedding?: readonly number[] | null;
  embeddingModel?: string | null;
}

/** How a passage was found. */
export type RetrievalMethod = "bm25" | "embedding" | "bm25+embedding";

/** One ranked chunk. */
export interface RankedChunk {
  chunk: IndexedChunk;
  /** Fused score (higher is better); comparable only within one query. */
  score: number;
  method: RetrievalMethod;
  bm25Rank: number | null;
  embeddingRank: number | null;
}

/** Candidates taken from each retriever before fusion. */
export const FUSION_CANDIDATES = 50;

export interface RunbookSearchOptions {
  query: string;
  limit: number;
  /** The query's embedding (same model as the chunks'); absent: BM25 only. */
  queryEmbedding?: readonly number[];
  /** Model of `queryEmbedding`; chunks from another model are not compared. */
  embeddingModel?: string;
}

export class RunbookSearchIndex {
  private readonly bm25: Bm25Index;
  private readonly byId: Map<string, IndexedChunk>;
  private readonly vectors: Array<{ id: string; model: string; vector: Float32Array }>;

  constructor(readonly chunks: readonly IndexedChunk[]) {
    this.byId = new Map(chunks.map((c) => [c.id, c]));
    this.bm25 = new Bm25Index({ documents: chunks.map((c) => ({ id: c.id, text: c.text, boosted: `${c.runbookTitle} ${c.section} ${c.runbookSlug}` })) });
    this.vectors = chunks.filter((c) => c.embedding && c.embedding.length > 0 && c.embeddingModel).map((c) => ({ id: c.id, model: c.embeddingModel!, vector: normalizeVector(c.embedding!) }));
  }

  get size(): number {
    return this.chunks.length;
  }

  /** How many chunks have a vector from `model`. */
  embeddedCount(model: string): number {
    return this.vectors.filter((v) => v.model === model).length;
  }

  /** The best `limit` chunks for the query. */
  search(options: RunbookSearchOptions): RankedChunk[] {
    const lexical = this.bm25.search(options.query, Math.max(options.limit, FUSION_CANDIDATES)).map((h) => h.id);
    let semantic: string[] = [];
    if (options.queryEmbedding && options.embeddingModel) {
      const query = normalizeVector(options.queryEmbedding);
      semantic = this.vectors
        .filter((v) => v.model === options.embeddingModel)
        .map((v) => ({ id: v.id, score: dot(query, v.vector) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, FUSION_CANDIDATES)
        .map((s) => s.id);
    }
    const fused = semantic.length > 0 ? reciprocalRankFusion({ rankings: [lexical, semantic] }) : lexical.map((id, rank) => ({ id, score: 1 / (rank + 1) }));
    const lexicalRank = new Map(lexical.map((id, i) => [id, i + 1]));
    const semanticRank = new Map(semantic.map((id, i) => [id, i + 1]));
    return fused.slice(0, options.limit).map(({ id, score }) => {
      const bm25Rank = lexicalRank.get(id) ?? null;
      const embeddingRank = semanticRank.get(id) ?? null;
      return { chunk: this.byId.get(id)!, score, bm25Rank, embeddingRank, method: bm25Rank && embeddingRank ? "bm25+embedding" : bm25Rank ? "bm25" : "embedding" };
    });
  }
}
