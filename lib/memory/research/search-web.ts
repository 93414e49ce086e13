import "server-only";
/**
 * Web search through a SearxNG-compatible JSON API (`GET <base>/search?q=...&format=json`).
 * Off unless SEARXNG_URL is configured; the JSON answer is validated before use, and the result
 * list is bounded.
 */
import { z } from "zod";
import { parseHttpUrl } from "../fetch-text";

/** Results returned unless the caller asks for another number. */
export const DEFAULT_WEB_RESULTS = 5;
/** Most results one search returns. */
export const MAX_WEB_RESULTS = 20;
/** Characters of one result's snippet kept. */
const MAX_SNIPPET_CHARS = 400;

/** What a tool says when web research is not configured. */
export const WEB_RESEARCH_NOT_CONFIGURED = "web research is not configured: set SEARXNG_URL to a SearxNG instance with the JSON format enabled (search.formats: [html, json])";

const searxngResponseSchema = z.object({
  results: z
    .array(
      z
        .object({
          url: z.string(),
          title: z.string().nullish(),
          content: z.string().nullish(),
          engine: z.string().nullish(),
          publishedDate: z.string().nullish(),
        })
        .loose(),
    )
    .default([]),
});

/** One search result. */
export interface WebSearchResult {
  url: string;
  title: string;
  snippet: string;
  engine: string | null;
}

export interface SearchWebOptions {
  /** SEARXNG_URL, e.g. http://searxng:8080. */
  baseUrl: string;
  query: string;
  limit?: number;
  timeoutMs?: number;
  /** fetch to use (tests). */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** Thrown when the search endpoint fails; the message says how. */
export class WebSearchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WebSearchError";
  }
}

/** The search results for `query`, in the engine's order, http(s) URLs only, no duplicates. */
export async function searchWeb(options: SearchWebOptions): Promise<WebSearchResult[]> {
  const base = parseHttpUrl(options.baseUrl);
  if (typeof base === "string") throw new WebSearchError(`SEARXNG_URL: ${base}`);
  const query = options.query.trim();
  if (!query) throw new WebSearchError("query must not be empty");
  const limit = Math.min(Math.max(1, options.limit ?? DEFAULT_WEB_RESULTS), MAX_WEB_RESULTS);
  const url = new URL("search", base.toString().endsWith("/") ? base : `${base.toString()}/`);
  url.searchParams.set("q", query);
  url.searchParams.set("format", "json");
  const timeoutMs = options.timeoutMs ?? 8_000;
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { signal, headers: { accept: "application/json" } });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    throw new WebSearchError(timedOut ? `search endpoint gave no answer within ${timeoutMs} ms` : `search endpoint unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    // SearxNG answers 403 when the JSON format is not enabled in its settings.
    const hint = response.status === 403 ? " (is the json format enabled in SearxNG's settings.yml?)" : "";
    throw new WebSearchError(`search endpoint answered HTTP ${response.status}${hint}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new WebSearchError("search endpoint did not answer JSON");
  }
  const parsed = searxngResponseSchema.safeParse(body);
  if (!parsed.success) throw new WebSearchError(`search endpoint answered an unexpected shape: ${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message}`);
  const seen = new Set<string>();
  const results: WebSearchResult[] = [];
  for (const item of parsed.data.results) {
    const target = parseHttpUrl(item.url);
    if (typeof target === "string") continue;
    target.hash = "";
    const key = target.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const snippet = (item.content ?? "").replace(/\s+/g, " ").trim();
    results.push({ url: key, title: (item.title ?? "").trim() || key, snippet: snippet.length > MAX_SNIPPET_CHARS ? `${snippet.slice(0, MAX_SNIPPET_CHARS - 1)}…` : snippet, engine: item.engine ?? null });
    if (results.length >= limit) break;
  }
  return results;
}
