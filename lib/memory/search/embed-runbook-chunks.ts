import "server-only";
/**
 * Fills in the embeddings of runbook chunks that have none, or one from another model. Run after
 * a sync or an edit (the index picks the vectors up on its next rebuild); a failure leaves the
 * chunks searchable by BM25.
 */
import type { Db } from "../../db/client";
import { markRunbooksChanged } from "../runbooks/runbook-change-signal";
import type { Embedder } from "./embedder";

export interface EmbedRunbookChunksOptions {
  db: Db;
  embedder: Embedder;
  /** Chunks embedded per call (default 64). */
  batchSize?: number;
}

/** Embeds what is missing; returns how many chunks got a vector. */
export async function embedRunbookChunks({ db, embedder, batchSize = 64 }: EmbedRunbookChunksOptions): Promise<{ embedded: number }> {
  let embedded = 0;
  for (;;) {
    const pending = await db.runbookChunk.findMany({
      where: { OR: [{ embeddingModel: null }, { embeddingModel: { not: embedder.model } }] },
      orderBy: [{ runbookId: "asc" }, { ordinal: "asc" }],
      take: batchSize,
      select: { id: true, section: true, text: true },
    });
    if (pending.length === 0) break;
    // The heading path goes in with the text: "Mitigation" alone says little about which failure.
    const vectors = await embedder.embed(pending.map((c) => `${c.section}\n\n${c.text}`));
    for (let i = 0; i < pending.length; i++) {
      await db.runbookChunk.update({ where: { id: pending[i]!.id }, data: { embedding: vectors[i]!, embeddingModel: embedder.model } });
    }
    embedded += pending.length;
  }
  if (embedded > 0) markRunbooksChanged();
  return { embedded };
}
