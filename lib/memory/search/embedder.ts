import "server-only";
/**
 * Text embeddings from an OpenAI-compatible `/embeddings` endpoint (OpenAI, Azure OpenAI,
 * Ollama, vLLM, text-embeddings-inference...), through the `openai` SDK. Optional: without it,
 * runbook search is BM25 alone.
 */
import OpenAI from "openai";
import { z } from "zod";

/** Turns texts into vectors, one per text, in order. */
export interface Embedder {
  /** Model name, stored with each vector so a model change re-embeds. */
  readonly model: string;
  embed(texts: readonly string[]): Promise<number[][]>;
}

/** Texts sent per embeddings request. */
export const EMBEDDING_BATCH_SIZE = 64;
/** Characters of one text sent to the endpoint (longer chunks are cut; the start carries the heading). */
export const MAX_EMBEDDING_INPUT_CHARS = 8_000;

export const embedderOptionsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).describe("EMBEDDINGS_BASE_URL, e.g. http://localhost:11434/v1"),
    model: z.string().min(1, "must not be empty").describe("EMBEDDINGS_MODEL, e.g. text-embedding-3-small or nomic-embed-text"),
    apiKey: z.string().optional().describe("EMBEDDINGS_API_KEY (local servers usually need none)"),
    timeoutMs: z.number().int().positive().default(15_000).describe("Per-request timeout"),
  })
  .strict();
export type OpenAiEmbedderOptions = z.input<typeof embedderOptionsSchema> & {
  /** fetch to use (tests); the global one otherwise. */
  fetch?: typeof fetch;
};

/** An embedder backed by `client.embeddings.create`. */
export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const { fetch: customFetch, ...rest } = options;
  const parsed = embedderOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`embeddings configuration: ${issue.path.join(".") || "options"}: ${issue.message}`);
  }
  const { baseUrl, model, apiKey, timeoutMs } = parsed.data;
  // An explicit key (even a placeholder) keeps the SDK from reading OPENAI_API_KEY itself.
  const client = new OpenAI({ baseURL: baseUrl, apiKey: apiKey || "unused", timeout: timeoutMs, maxRetries: 1, ...(customFetch ? { fetch: customFetch } : {}) });
  return {
    model,
    async embed(texts) {
      const out: number[][] = [];
      for (let start = 0; start < texts.length; start += EMBEDDING_BATCH_SIZE) {
        const batch = texts.slice(start, start + EMBEDDING_BATCH_SIZE).map((t) => t.slice(0, MAX_EMBEDDING_INPUT_CHARS));
        const response = await client.embeddings.create({ model, input: batch, encoding_format: "float" });
        const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        if (vectors.length !== batch.length) throw new Error(`embeddings endpoint returned ${vectors.length} vectors for ${batch.length} inputs`);
        out.push(...vectors);
      }
      return out;
    },
  };
}
