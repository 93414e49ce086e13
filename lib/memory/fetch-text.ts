import "server-only";
/**
 * Fetches one web page as plain text for a model to read: http(s) only, a timeout, a byte limit
 * read from the stream (a huge page is cut, not buffered), and only text content (plain,
 * markdown, HTML converted to text). Never throws: failures come back with their reason.
 */

/** Default time limit of one fetch. */
export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
/** Default byte limit of one body. */
export const DEFAULT_FETCH_MAX_BYTES = 512 * 1024;

const TEXT_TYPES = ["text/plain", "text/markdown", "text/x-markdown", "text/html", "application/xhtml+xml"];

export interface FetchTextOptions {
  url: string;
  timeoutMs?: number;
  maxBytes?: number;
  /** fetch to use (tests); the global one otherwise. */
  fetch?: typeof fetch;
  /** Caller's signal (cancels with the request that wanted the page). */
  signal?: AbortSignal;
}

export type FetchTextResult =
  | { ok: true; url: string; contentType: string; title: string | undefined; text: string; truncated: boolean }
  | { ok: false; url: string; error: string };

/** Checks a URL is absolute http(s); returns the parsed URL or the reason it is refused. */
export function parseHttpUrl(raw: string): URL | string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `not a valid URL: ${JSON.stringify(raw.slice(0, 200))}`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `only http and https URLs are fetched, not ${url.protocol.replace(/:$/, "")}`;
  if (url.username || url.password) return "URLs with credentials are not fetched";
  return url;
}

/** Fetches `url` as text (see the module comment). */
export async function fetchText(options: FetchTextOptions): Promise<FetchTextResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  const parsed = parseHttpUrl(options.url);
  if (typeof parsed === "string") return { ok: false, url: options.url, error: parsed };
  const url = parsed.toString();
  const signal = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, { signal, redirect: "follow", headers: { accept: "text/markdown, text/plain;q=0.9, text/html;q=0.8" } });
  } catch (error) {
    return { ok: false, url, error: describeFetchError(error, timeoutMs) };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, url, error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}` };
  }
  const contentType = (response.headers.get("content-type") ?? "text/plain").split(";")[0]!.trim().toLowerCase();
  if (!TEXT_TYPES.includes(contentType)) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, url, error: `content type ${contentType} is not text, markdown or HTML` };
  }
  let body: { text: string; truncated: boolean };
  try {
    body = await readLimited(response, maxBytes);
  } catch (error) {
    return { ok: false, url, error: describeFetchError(error, timeoutMs) };
  }
  const isHtml = contentType.includes("html");
  return { ok: true, url: response.url || url, contentType, title: isHtml ? htmlTitle(body.text) : undefined, text: isHtml ? htmlToText(body.text) : body.text.trim(), truncated: body.truncated };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `unreachable (${error instanceof Error ? error.message : String(error)}${cause})`;
}

async function readLimited(response: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: "", truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (total + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - total));
      total = maxBytes;
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    total += value.byteLength;
  }
  // A cut may split a multi-byte character; the decoder replaces the tail instead of throwing.
  return { text: new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks)), truncated };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code = entity[1] === "x" || entity[1] === "X" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** The `<title>` of an HTML page. */
export function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = match ? decodeEntities(match[1]!).replace(/\s+/g, " ").trim() : "";
  return title || undefined;
}

/** Readable text of an HTML page: scripts, styles and navigation dropped, blocks on their own lines. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<(script|style|noscript|template|svg|head|nav|footer)\b[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/<(h[1-6])\b[^>]*>/gi, (_m, tag: string) => `\n\n${"#".repeat(Number(tag[1]))} `)
      .replace(/<li\b[^>]*>/gi, "\n- ")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/?(p|div|section|article|main|header|ul|ol|table|tr|pre|blockquote|h[1-6])\b[^>]*>/gi, "\n")
      .replace(/<\/?(td|th)\b[^>]*>/gi, " ")
      .replace(/<[^>]+>/g, ""),
  )
    .replace(/[ \t\f\v\r]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
