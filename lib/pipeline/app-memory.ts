import "server-only";
/** The memory the app's agents read: runbooks indexed from RUNBOOKS_DIR, embeddings and web research when configured. */
import type { Db } from "../db/client";
import type { Env } from "../env";
import type { Logger } from "../log";
import type { MemoryToolDeps } from "../memory/memory-tool-deps";
import { syncRunbookDirectory } from "../memory/runbooks/sync-runbook-directory";
import { embedRunbookChunks } from "../memory/search/embed-runbook-chunks";
import { createOpenAiEmbedder } from "../memory/search/embedder";

/** Embeddings and research settings for the memory tools, from the environment. */
export function memoryToolDeps(env: Env): Omit<MemoryToolDeps, "db" | "incidentId"> {
  const { embeddings, searxngUrl } = env.memory;
  return {
    ...(embeddings ? { embedder: createOpenAiEmbedder({ baseUrl: embeddings.baseUrl, model: embeddings.model, ...(embeddings.apiKey ? { apiKey: embeddings.apiKey } : {}) }) } : {}),
    ...(searxngUrl
      ? { webResearch: { searxngUrl, ...(env.llm.enabled && env.llm.model ? { llm: { baseUrl: env.llm.baseUrl, model: env.llm.model, ...(env.llm.apiKey ? { apiKey: env.llm.apiKey } : {}) } } : {}) } }
      : {}),
  };
}

/**
 * Syncs RUNBOOKS_DIR into the database (idempotent) and, with embeddings configured, embeds new
 * chunks in the background. Failures are logged: the agents then search what is indexed.
 */
export async function indexRunbooks({ db, env, log }: { db: Db; env: Env; log: Logger }): Promise<void> {
  try {
    const report = await syncRunbookDirectory({ db, dir: env.memory.runbooksDir });
    log.info("runbooks.synced", { dir: env.memory.runbooksDir, created: report.created.length, updated: report.updated.length, unchanged: report.unchanged.length, deleted: report.deleted.length, skipped: report.skipped });
  } catch (error) {
    log.error("runbooks.sync_failed", { dir: env.memory.runbooksDir, error });
    return;
  }
  const embedder = memoryToolDeps(env).embedder;
  if (embedder) {
    void embedRunbookChunks({ db, embedder })
      .then(({ embedded }) => log.info("runbooks.embedded", { embedded, model: embedder.model }))
      .catch((error: unknown) => log.warn("runbooks.embedding_failed", { error }));
  }
}
