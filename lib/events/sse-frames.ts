/**
 * Server-Sent Events wire format (WHATWG HTML, "Server-sent events"): a frame is `field: value`
 * lines ended by a blank line. Pure functions, so the framing is tested without a server.
 */

/** Headers every SSE response carries: no caching or transformation by proxies, no nginx buffering. */
export const SSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  connection: "keep-alive",
  "x-accel-buffering": "no",
});

/** One event frame. */
export interface SseEvent {
  /** Becomes the browser's `lastEventId`, sent back as `Last-Event-ID` when it reconnects. */
  id?: string | number;
  /** Event name the browser listens for (`addEventListener(event, ...)`). */
  event?: string;
  /** Serialized as JSON (one line, since JSON.stringify escapes newlines in strings). */
  data: unknown;
  /** Reconnection delay the browser should use, in milliseconds. */
  retry?: number;
}

/** A frame as text. Fails loudly on an id or event name that would break the framing. */
export function formatSseEvent({ id, event, data, retry }: SseEvent): string {
  let frame = "";
  if (retry !== undefined) frame += `retry: ${Math.max(0, Math.floor(retry))}\n`;
  if (id !== undefined) {
    const text = String(id);
    // A NUL in an id makes the browser ignore it; a newline would start a new field.
    if (/[\0\r\n]/.test(text)) throw new Error(`SSE id must not contain NUL or line breaks: ${JSON.stringify(text)}`);
    frame += `id: ${text}\n`;
  }
  if (event !== undefined) {
    if (/[\r\n]/.test(event)) throw new Error(`SSE event name must not contain line breaks: ${JSON.stringify(event)}`);
    frame += `event: ${event}\n`;
  }
  frame += `data: ${JSON.stringify(data)}\n\n`;
  return frame;
}

/** A comment line: ignored by the browser, keeps proxies and load balancers from closing an idle stream. */
export function formatSseComment(text: string): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/**
 * The resume point of a reconnecting client: the `Last-Event-ID` header (set by the browser's
 * EventSource after a drop) wins over the `after` query parameter (the page's first position),
 * because the header is where the stream actually got to. Returns null for a missing or
 * malformed header, so the caller falls back to `after`.
 */
export function parseLastEventId(header: string | null): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return null;
  return Number(trimmed);
}
