import "server-only";
/**
 * The process-wide runbook search index, built from the database on first use and rebuilt when
 * runbooks change: at once for changes made in this process (the change signal), and within one
 * query for changes by another process (the web app's edit seen by the worker), detected by a
 * cheap fingerprint of the table (row count and last update).
 */
import type { Db } from "../../db/client";
import { runbookChangeVersion } from "../runbooks/runbook-change-signal";
import { type IndexedChunk, RunbookSearchIndex } from "./runbook-search-index";

interface CachedIndex {
  db: Db;
  version: number;
  fingerprint: string;
  index: RunbookSearchIndex;
}

// On globalThis: Next.js bundles each route separately, and one index per bundle would multiply
// memory and rebuilds.
const globalForIndex = globalThis as unknown as { agenticSreRunbookIndex?: CachedIndex; agenticSreRunbookIndexBuild?: Promise<CachedIndex> };

async function tableFingerprint(db: Db): Promise<string> {
  const [runbooks, chunks] = await Promise.all([
    db.runbook.aggregate({ _count: { _all: true }, _max: { updatedAt: true } }),
    db.runbookChunk.count({ where: { embeddingModel: { not: null } } }),
  ]);
  return `${runbooks._count._all}:${runbooks._max.updatedAt?.toISOString() ?? "-"}:${chunks}`;
}

/** Reads every chunk with its runbook's slug and title. */
export async function readIndexedChunks(db: Db): Promise<IndexedChunk[]> {
  const rows = await db.runbookChunk.findMany({
    orderBy: [{ runbook: { slug: "asc" } }, { ordinal: "asc" }],
    include: { runbook: { select: { slug: true, title: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    runbookSlug: row.runbook.slug,
    runbookTitle: row.runbook.title,
    section: row.section,
    anchor: row.anchor,
    text: row.text,
    embedding: Array.isArray(row.embedding) ? (row.embedding as number[]) : null,
    embeddingModel: row.embeddingModel,
  }));
}

export interface LoadRunbookSearchIndexOptions {
  db: Db;
}

/** The current index for `db`, rebuilt if runbooks changed since it was built. */
export async function loadRunbookSearchIndex({ db }: LoadRunbookSearchIndexOptions): Promise<RunbookSearchIndex> {
  const version = runbookChangeVersion();
  const fingerprint = await tableFingerprint(db);
  const cached = globalForIndex.agenticSreRunbookIndex;
  if (cached && cached.db === db && cached.version === version && cached.fingerprint === fingerprint) return cached.index;
  // Concurrent callers share one rebuild.
  const pending = globalForIndex.agenticSreRunbookIndexBuild;
  if (pending) {
    const built = await pending;
    if (built.db === db && built.version === version && built.fingerprint === fingerprint) return built.index;
  }
  const build = (async (): Promise<CachedIndex> => ({ db, version, fingerprint, index: new RunbookSearchIndex(await readIndexedChunks(db)) }))();
  globalForIndex.agenticSreRunbookIndexBuild = build;
  try {
    const built = await build;
    globalForIndex.agenticSreRunbookIndex = built;
    return built.index;
  } finally {
    if (globalForIndex.agenticSreRunbookIndexBuild === build) globalForIndex.agenticSreRunbookIndexBuild = undefined;
  }
}
