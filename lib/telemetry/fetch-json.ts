import "server-only";
/**
 * One GET of a JSON document with a deadline, for both metrics sources: a timeout, a refused
 * connection, a non-2xx answer (with the server's own message) and a body that is not JSON each
 * become a `MetricsSourceError` of the matching kind.
 */
import { MetricsSourceError } from "./errors";

/** Longest a telemetry request may take unless the source is told otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Most characters of a server's error text quoted in a message (bodies can be HTML pages). */
const MAX_QUOTED_ERROR = 300;

/** Options of `fetchJson`. */
export interface FetchJsonOptions {
  source: string;
  fetch: typeof fetch;
  timeoutMs: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Pull the server's error message out of a parsed non-2xx body. */
  errorMessage?: (body: unknown) => string | undefined;
  /** Accept `text/plain` and return the text instead of parsing JSON (Prometheus exposition). */
  asText?: boolean;
}

function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_QUOTED_ERROR ? `${flat.slice(0, MAX_QUOTED_ERROR)}…` : flat;
}

/** GET `url` and return its parsed JSON body (or text with `asText`). */
export async function fetchJson(url: string, options: FetchJsonOptions): Promise<unknown> {
  const { source } = options;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await options.fetch(url, { method: "GET", headers: { Accept: options.asText ? "text/plain" : "application/json", ...options.headers }, signal });
    // Read the body under the same deadline: a server can stall after the headers.
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) throw new MetricsSourceError(`no answer from ${url} within ${options.timeoutMs} ms`, { kind: "timeout", source, url, cause: error });
    if (options.signal?.aborted) throw new MetricsSourceError(`request to ${url} was cancelled`, { kind: "network", source, url, cause: error });
    const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new MetricsSourceError(`cannot reach ${url}: ${reason}`, { kind: "network", source, url, cause: error });
  }
  let body: unknown = text;
  if (!options.asText || !response.ok) {
    try {
      body = JSON.parse(text);
    } catch {
      if (response.ok) throw new MetricsSourceError(`answer from ${url} is not JSON: ${quote(text) || "(empty body)"}`, { kind: "invalid-response", source, url, status: response.status });
    }
  }
  if (!response.ok) {
    const message = (typeof body === "string" ? undefined : options.errorMessage?.(body)) ?? (quote(text) || response.statusText);
    // 400/422 mean our query was wrong; anything else is the server's problem.
    const kind = response.status === 400 || response.status === 422 ? "bad-request" : "http";
    throw new MetricsSourceError(`HTTP ${response.status} from ${url}: ${message}`, { kind, source, url, status: response.status });
  }
  return body;
}
