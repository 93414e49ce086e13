/**
 * A `ReadableStream` of SSE frames with heartbeats that ends when the client goes away. The
 * source is attached in `open` and detached exactly once, whichever comes first: the request's
 * abort signal, the consumer cancelling the stream, or the source ending it.
 */
import { formatSseComment, formatSseEvent, type SseEvent } from "./sse-frames";

/** Heartbeat interval: below the common 30-60 s idle timeouts of proxies and load balancers. */
export const SSE_HEARTBEAT_MS = 15_000;
/** Reconnection delay suggested to the browser (its default is about 3 s). */
export const SSE_RETRY_MS = 1_000;

/** What `open` may do with the stream. */
export interface SseSink {
  send(event: SseEvent): void;
  /** Ends the stream (the browser will reconnect after `retry`). */
  close(): void;
}

export interface CreateSseStreamOptions {
  /** The request's signal: the stream ends when the client disconnects. */
  signal: AbortSignal;
  /** Attaches the source; returns its detach function. */
  open: (sink: SseSink) => () => void;
  heartbeatMs?: number;
  retryMs?: number;
}

/** The stream a route handler returns as the body of its SSE response. */
export function createSseStream({ signal, open, heartbeatMs = SSE_HEARTBEAT_MS, retryMs = SSE_RETRY_MS }: CreateSseStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let detach: (() => void) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let closed = false;
  let onAbort: (() => void) | null = null;

  const shutdown = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    if (onAbort) signal.removeEventListener("abort", onAbort);
    const d = detach;
    detach = null;
    d?.();
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          // The consumer is gone (a closed stream throws): stop the source.
          shutdown();
        }
      };
      const sink: SseSink = {
        send: (event) => write(formatSseEvent(event)),
        close: () => {
          shutdown();
          try {
            controller.close();
          } catch {
            // already closed
          }
        },
      };
      if (signal.aborted) {
        closed = true;
        controller.close();
        return;
      }
      onAbort = () => sink.close();
      signal.addEventListener("abort", onAbort, { once: true });
      write(`retry: ${retryMs}\n${formatSseComment("connected")}`);
      heartbeat = setInterval(() => write(formatSseComment("heartbeat")), heartbeatMs);
      const d = open(sink);
      if (closed) d();
      else detach = d;
    },
    cancel() {
      shutdown();
    },
  });
}
