import "server-only";
/**
 * Runbook search for agents and the UI: BM25 over the indexed chunks, fused with embeddings when
 * an embedder is configured, and an alert's `runbook_url` fetched and ranked first when it
 * answers. An embeddings failure degrades to BM25 and says so; it never fails the search.
 */
import type { Db } from "../../db/client";
import { fetchText } from "../fetch-text";
import type { Embedder } from "./embedder";
import { loadRunbookSearchIndex } from "./load-runbook-search-index";
import type { RetrievalMethod } from "./runbook-search-index";

/** Passages returned unless the caller asks for another number. */
export const DEFAULT_RUNBOOK_RESULTS = 5;
/** Characters of a runbook_url page kept as its passage. */
export const MAX_RUNBOOK_URL_PASSAGE_CHARS = 3_000;

/** A passage with everything a citation needs. */
export type RunbookPassage =
  | {
      kind: "runbook";
      runbookSlug: string;
      runbookTitle: string;
      section: string;
      anchor: string;
      /** `slug#anchor`, how the model cites it. */
      citation: string;
      text: string;
      score: number;
      method: RetrievalMethod;
    }
  | {
      kind: "runbook_url";
      url: string;
      title: string;
      citation: string;
      text: string;
      truncated: boolean;
    };

export interface SearchRunbooksOptions {
  db: Db;
  query: string;
  limit?: number;
  /** Embeddings for hybrid search; absent: BM25 only. */
  embedder?: Embedder;
  /** The alert's `runbook_url` annotation, fetched and ranked first when reachable. */
  runbookUrl?: string;
  /** Time limit of the runbook_url fetch (default 3 s: an agent is waiting). */
  runbookUrlTimeoutMs?: number;
  /** fetch for the runbook_url (tests). */
  fetch?: typeof fetch;
}

export interface SearchRunbooksResult {
  passages: RunbookPassage[];
  /** How the chunks were ranked. */
  retrieval: "bm25" | "bm25+embedding";
  /** Things the caller should know (embeddings failed, runbook_url unreachable). */
  notes: string[];
  /** Chunks searched. */
  indexedChunks: number;
}

/** Searches the runbooks (see the module comment). */
export async function searchRunbooks(options: SearchRunbooksOptions): Promise<SearchRunbooksResult> {
  const limit = options.limit ?? DEFAULT_RUNBOOK_RESULTS;
  const notes: string[] = [];
  const urlPassage = options.runbookUrl
    ? fetchText({ url: options.runbookUrl, timeoutMs: options.runbookUrlTimeoutMs ?? 3_000, maxBytes: 256 * 1024, fetch: options.fetch })
    : undefined;
  const index = await loadRunbookSearchIndex({ db: options.db });

  let queryEmbedding: number[] | undefined;
  if (options.embedder && index.embeddedCount(options.embedder.model) > 0) {
    try {
      queryEmbedding = (await options.embedder.embed([options.query]))[0];
    } catch (error) {
      notes.push(`embeddings unavailable (${error instanceof Error ? error.message : String(error)}); ranked by BM25 alone`);
    }
  } else if (options.embedder) {
    notes.push(`no runbook chunk has an embedding from ${options.embedder.model} yet; ranked by BM25 alone`);
  }

  const ranked = index.search({ query: options.query, limit, queryEmbedding, embeddingModel: options.embedder?.model });
  const passages: RunbookPassage[] = ranked.map(({ chunk, score, method }) => ({
    kind: "runbook",
    runbookSlug: chunk.runbookSlug,
    runbookTitle: chunk.runbookTitle,
    section: chunk.section,
    anchor: chunk.anchor,
    citation: `${chunk.runbookSlug}#${chunk.anchor}`,
    text: chunk.text,
    score: Math.round(score * 10_000) / 10_000,
    method,
  }));

  if (urlPassage) {
    const fetched = await urlPassage;
    if (fetched.ok && fetched.text.length > 0) {
      const cut = fetched.text.length > MAX_RUNBOOK_URL_PASSAGE_CHARS;
      passages.unshift({
        kind: "runbook_url",
        url: fetched.url,
        title: fetched.title ?? fetched.url,
        citation: fetched.url,
        text: cut ? fetched.text.slice(0, MAX_RUNBOOK_URL_PASSAGE_CHARS) : fetched.text,
        truncated: cut || fetched.truncated,
      });
    } else {
      notes.push(`the alert's runbook_url ${options.runbookUrl} could not be read (${fetched.ok ? "empty page" : fetched.error})`);
    }
  }
  return { passages, retrieval: queryEmbedding ? "bm25+embedding" : "bm25", notes, indexedChunks: index.size };
}
