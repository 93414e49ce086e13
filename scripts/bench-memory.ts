/**
 * `npm run bench:memory`: retrieval quality and speed of runbook search.
 * 1. recall@1/@3/@5 of the labelled demo-shop queries (lib/memory/testing/labelled-queries.ts)
 *    with BM25 alone (target: recall@3 >= 0.9);
 * 2. the same with BM25 + embeddings fused by reciprocal rank, when an OpenAI-compatible
 *    embeddings endpoint is given (--embeddings-base-url http://localhost:11434/v1
 *    --embeddings-model nomic-embed-text [--embeddings-api-key ...]);
 * 3. search latency over the starter runbooks plus a synthetic corpus (default 10,000 chunks;
 *    --chunks N), p50/p95/p99 over every labelled query, several rounds (target: p99 < 50 ms).
 * Runs without a database: the same chunking and index the app builds from it.
 */
import { getEnv } from "../lib/env";
import { buildFixtureRunbookIndex, readFixtureChunks } from "../lib/memory/testing/build-fixture-runbook-index";
import { LABELLED_QUERIES, queryText, type LabelledQuery } from "../lib/memory/testing/labelled-queries";
import { percentile, syntheticRunbookCorpus } from "../lib/memory/testing/synthetic-runbook-corpus";
import { createOpenAiEmbedder } from "../lib/memory/search/embedder";
import { RunbookSearchIndex, type RunbookSearchOptions } from "../lib/memory/search/runbook-search-index";

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const CHUNKS = Number(flag("chunks") ?? 10_000);
const ROUNDS = Number(flag("rounds") ?? 5);
const P99_TARGET_MS = 50;
const RECALL_TARGET = 0.9;

interface RecallRow {
  retrieval: string;
  at1: number;
  at3: number;
  at5: number;
  misses: string[];
}

function recall(name: string, index: RunbookSearchIndex, extra: (q: LabelledQuery) => Partial<RunbookSearchOptions>): RecallRow {
  const hitsAt = { 1: 0, 3: 0, 5: 0 };
  const misses: string[] = [];
  for (const query of LABELLED_QUERIES) {
    const top = index.search({ query: queryText(query), limit: 5, ...extra(query) }).map((r) => `${r.chunk.runbookSlug}#${r.chunk.anchor}`);
    const rank = top.findIndex((t) => query.expected.includes(t));
    if (rank === 0) hitsAt[1]++;
    if (rank >= 0 && rank < 3) hitsAt[3]++;
    else misses.push(`${query.id}: ${top.slice(0, 3).join(", ")}`);
    if (rank >= 0) hitsAt[5]++;
  }
  const n = LABELLED_QUERIES.length;
  return { retrieval: name, at1: hitsAt[1] / n, at3: hitsAt[3] / n, at5: hitsAt[5] / n, misses };
}

const fmt = (value: number) => value.toFixed(3);

async function main(): Promise<void> {
  const fixture = readFixtureChunks();
  console.log(`Runbook memory benchmark: ${new Set(fixture.map((c) => c.runbookSlug)).size} starter runbooks, ${fixture.length} sections, ${LABELLED_QUERIES.length} labelled queries\n`);

  const rows: RecallRow[] = [recall("BM25", buildFixtureRunbookIndex(), () => ({}))];
  // Flags first, else the app's configuration (EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL).
  const configured = getEnv().memory.embeddings;
  const baseUrl = flag("embeddings-base-url") ?? configured?.baseUrl;
  const model = flag("embeddings-model") ?? configured?.model;
  if (baseUrl && model) {
    const embedder = createOpenAiEmbedder({ baseUrl, model, apiKey: flag("embeddings-api-key") ?? configured?.apiKey });
    const started = performance.now();
    const vectors = await embedder.embed(fixture.map((c) => `${c.section}\n\n${c.text}`));
    const queryVectors = await embedder.embed(LABELLED_QUERIES.map(queryText));
    console.log(`Embedded ${fixture.length + LABELLED_QUERIES.length} texts with ${model} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const hybrid = new RunbookSearchIndex(fixture.map((c, i) => ({ ...c, embedding: vectors[i]!, embeddingModel: model })));
    const vectorOf = new Map(LABELLED_QUERIES.map((q, i) => [q.id, queryVectors[i]!]));
    rows.push(recall(`BM25 + ${model} (RRF)`, hybrid, (q) => ({ queryEmbedding: vectorOf.get(q.id), embeddingModel: model })));
  } else {
    console.log("Embeddings: not configured (set EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL, or pass --embeddings-base-url and --embeddings-model, to compare)");
  }

  console.log("\nRecall of the labelled queries");
  console.table(rows.map((r) => ({ retrieval: r.retrieval, "recall@1": fmt(r.at1), "recall@3": fmt(r.at3), "recall@5": fmt(r.at5), "target@3": `>= ${RECALL_TARGET}` })));
  for (const row of rows) if (row.misses.length > 0) console.log(`${row.retrieval} misses at 3:\n  ${row.misses.join("\n  ")}`);

  const buildStarted = performance.now();
  const big = new RunbookSearchIndex([...fixture, ...syntheticRunbookCorpus({ count: CHUNKS, seedChunks: fixture })]);
  const buildMs = performance.now() - buildStarted;
  const timings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of LABELLED_QUERIES) {
      const started = performance.now();
      big.search({ query: queryText(query), limit: 5 });
      timings.push(performance.now() - started);
    }
  }
  const p99 = percentile(timings, 99);
  console.log(`\nSearch latency over ${big.size.toLocaleString("en")} chunks (index built in ${(buildMs / 1000).toFixed(1)} s), ${timings.length} searches`);
  console.table([{ "p50 ms": percentile(timings, 50).toFixed(2), "p95 ms": percentile(timings, 95).toFixed(2), "p99 ms": p99.toFixed(2), "max ms": Math.max(...timings).toFixed(2), "target p99": `< ${P99_TARGET_MS} ms` }]);

  const bm25 = rows[0]!;
  const ok = bm25.at3 >= RECALL_TARGET && p99 < P99_TARGET_MS;
  console.log(ok ? "\nPASS: BM25 recall@3 and p99 latency meet their targets" : "\nFAIL: a target was missed");
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
