import "server-only";
/**
 * Stores one runbook and its chunks in one transaction: the body, its hash, and the sections it
 * splits into. Callers decide whether to write (the hash comparison lives with them).
 */
import type { Db } from "../../db/client";
import { writeTransaction } from "../../db/transaction";
import { chunkMarkdown, markdownTitle } from "./chunk-markdown";
import { contentHash } from "./content-hash";
import { markRunbooksChanged } from "./runbook-change-signal";

/** What a runbook row holds besides its id and timestamps. */
export interface RunbookContent {
  slug: string;
  title: string;
  source: "dir" | "ui";
  body: string;
}

export interface WriteRunbookOptions {
  db: Db;
  content: RunbookContent;
  /** Id of the row to replace; absent: create. */
  existingId?: string;
}

/** Creates or replaces a runbook and rebuilds its chunks (their embeddings are recomputed later). */
export async function writeRunbook({ db, content, existingId }: WriteRunbookOptions) {
  const chunks = chunkMarkdown({ body: content.body, fallbackTitle: content.title });
  const hash = contentHash(content.body);
  const row = await writeTransaction(db, async (tx) => {
    const runbook = existingId
      ? await tx.runbook.update({ where: { id: existingId }, data: { ...content, contentHash: hash } })
      : await tx.runbook.create({ data: { ...content, contentHash: hash } });
    await tx.runbookChunk.deleteMany({ where: { runbookId: runbook.id } });
    if (chunks.length > 0) await tx.runbookChunk.createMany({ data: chunks.map((c) => ({ runbookId: runbook.id, ordinal: c.ordinal, section: c.section, anchor: c.anchor, text: c.text })) });
    return runbook;
  });
  markRunbooksChanged();
  return { runbook: row, chunkCount: chunks.length };
}

/** The title a body gives itself (its H1), else `fallback`. */
export function titleOf(body: string, fallback: string): string {
  return markdownTitle(body) ?? fallback;
}
