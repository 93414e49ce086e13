import { describe, expect, it } from "vitest";
import { buildFixtureRunbookIndex, readFixtureChunks } from "../testing/build-fixture-runbook-index";
import { LABELLED_QUERIES, queryText } from "../testing/labelled-queries";
import { percentile, syntheticRunbookCorpus } from "../testing/synthetic-runbook-corpus";
import { RunbookSearchIndex } from "./runbook-search-index";

const cite = (r: { chunk: { runbookSlug: string; anchor: string } }) => `${r.chunk.runbookSlug}#${r.chunk.anchor}`;

describe("runbook retrieval on the labelled demo-shop set", () => {
  const index = buildFixtureRunbookIndex();

  it("has at least 30 labelled queries, each pointing at sections that exist", () => {
    expect(LABELLED_QUERIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(LABELLED_QUERIES.map((q) => q.id)).size).toBe(LABELLED_QUERIES.length);
    const sections = new Set(index.chunks.map((c) => `${c.runbookSlug}#${c.anchor}`));
    for (const query of LABELLED_QUERIES) for (const expected of query.expected) expect(sections, `${query.id}: ${expected}`).toContain(expected);
  });

  it("covers at least 12 runbooks", () => {
    expect(new Set(index.chunks.map((c) => c.runbookSlug)).size).toBeGreaterThanOrEqual(12);
  });

  it("BM25 alone answers at least 90% of the queries in its first 3 passages (recall@3)", () => {
    const misses: string[] = [];
    for (const query of LABELLED_QUERIES) {
      const top = index.search({ query: queryText(query), limit: 3 }).map(cite);
      if (!top.some((t) => query.expected.includes(t))) misses.push(`${query.id} -> ${top.join(", ")}`);
    }
    const recall = 1 - misses.length / LABELLED_QUERIES.length;
    expect(recall, `misses:\n${misses.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("fuses embeddings by rank: a chunk only the vectors find still surfaces, and one both find ranks first", () => {
    const fixture = readFixtureChunks();
    const lexical = new RunbookSearchIndex(fixture).search({ query: "OOMKilled memory limit", limit: 3 });
    const secondLexical = lexical[1]!.chunk.id;
    // Vectors only for an unrelated chunk (found by embeddings alone) and for BM25's second hit.
    const unrelated = fixture.find((c) => c.runbookSlug === "service-deleted")!.id;
    const chunks = fixture.map((c) => ({ ...c, embedding: c.id === unrelated ? [1, 0] : c.id === secondLexical ? [0.9, 0.1] : null, embeddingModel: "toy" }));
    const fused = new RunbookSearchIndex(chunks).search({ query: "OOMKilled memory limit", limit: 5, queryEmbedding: [1, 0], embeddingModel: "toy" });
    expect(fused[0]).toMatchObject({ method: "bm25+embedding", bm25Rank: 2, embeddingRank: 2 });
    expect(fused[0]!.chunk.id).toBe(secondLexical);
    expect(fused.find((r) => r.chunk.id === unrelated)).toMatchObject({ method: "embedding", bm25Rank: null, embeddingRank: 1 });
    // Vectors of another model are never compared.
    expect(new RunbookSearchIndex(chunks).search({ query: "OOMKilled", limit: 5, queryEmbedding: [1, 0], embeddingModel: "other" }).every((r) => r.method === "bm25")).toBe(true);
  });

  it("searches 10,000 chunks with p99 latency under 50 ms", () => {
    const corpus = syntheticRunbookCorpus({ count: 10_000, seedChunks: readFixtureChunks() });
    const big = new RunbookSearchIndex([...readFixtureChunks(), ...corpus]);
    const timings: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const query of LABELLED_QUERIES) {
        const started = performance.now();
        big.search({ query: queryText(query), limit: 5 });
        timings.push(performance.now() - started);
      }
    }
    expect(percentile(timings, 99)).toBeLessThan(50);
  });
});
