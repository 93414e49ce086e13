/**
 * Builds the runbook search index straight from a runbook directory, without a database: the
 * same chunking and index as production, for retrieval tests and the benchmark.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chunkMarkdown, markdownTitle } from "../runbooks/chunk-markdown";
import { slugFromPath } from "../runbooks/runbook-schemas";
import { type IndexedChunk, RunbookSearchIndex } from "../search/runbook-search-index";

/** The repository's starter runbooks. */
export const STARTER_RUNBOOKS_DIR = path.resolve(import.meta.dirname, "../../../runbooks");

/** Chunks of every runbook under `dir`, ids `slug#ordinal`. */
export function readFixtureChunks(dir: string = STARTER_RUNBOOKS_DIR): IndexedChunk[] {
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".md") && path.basename(f).toLowerCase() !== "readme.md").sort();
  return files.flatMap((file) => {
    const slug = slugFromPath(file);
    if (!slug) throw new Error(`runbook file ${file} has no valid slug`);
    const body = readFileSync(path.join(dir, file), "utf8");
    const title = markdownTitle(body) ?? slug;
    return chunkMarkdown({ body, fallbackTitle: title }).map((c) => ({ id: `${slug}#${c.ordinal}`, runbookSlug: slug, runbookTitle: title, section: c.section, anchor: c.anchor, text: c.text }));
  });
}

/** A search index over the runbooks under `dir` (default: the starter set). */
export function buildFixtureRunbookIndex(dir?: string): RunbookSearchIndex {
  return new RunbookSearchIndex(readFixtureChunks(dir));
}
