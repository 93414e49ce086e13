/**
 * What the memory tools need, handed to them through `ToolContext.memory`. Types only, so the
 * tool context can name it without importing server code.
 */
import type { Db } from "../db/client";
import type { ResearchModelOptions } from "./research/deep-research";
import type { Embedder } from "./search/embedder";

export interface MemoryToolDeps {
  db: Db;
  /** The incident being worked on: `similar_incidents` uses it when called without a query, and never returns it. */
  incidentId?: string;
  /** Embeddings for hybrid runbook search (EMBEDDINGS_*); absent: BM25 only. */
  embedder?: Embedder;
  /** Web research (SEARXNG_URL); absent: the web tools answer that it is not configured. */
  webResearch?: {
    searxngUrl: string;
    /** Model for `web_research` (query planning and the cited answer); absent: only `web_search` works. */
    llm?: ResearchModelOptions;
  };
  /** fetch for runbook_url, search and pages (tests); the global one otherwise. */
  fetch?: typeof fetch;
}
