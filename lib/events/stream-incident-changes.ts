import "server-only";
import type { Db } from "../db/client";
import { subscribeIncidentChanges } from "./incident-list-feed";
import { createSseStream } from "./sse-stream";

/** SSE event names of the list stream. */
export const INCIDENT_LIST_SSE = {
  /** Sent first on every (re)connection: refetch, since anything may have changed while disconnected. */
  sync: "incidents-sync",
  /** `{ changes: IncidentChange[] }`: these incidents changed. */
  changed: "incidents-changed",
} as const;

export interface StreamIncidentChangesOptions {
  db: Db;
  signal: AbortSignal;
  heartbeatMs?: number;
}

/**
 * Changes to any incident as SSE, for the incident list. The list is a query result (filters,
 * pages), not a log, so the stream carries which incidents changed and the browser refetches;
 * a reconnect starts with a `sync` event instead of resuming, which cannot leave a gap.
 */
export function streamIncidentChanges({ db, signal, heartbeatMs }: StreamIncidentChangesOptions): ReadableStream<Uint8Array> {
  let sequence = 0;
  return createSseStream({
    signal,
    ...(heartbeatMs ? { heartbeatMs } : {}),
    open: (sink) => {
      sink.send({ event: INCIDENT_LIST_SSE.sync, data: { at: new Date().toISOString() } });
      return subscribeIncidentChanges({
        db,
        onChanges: (changes) => sink.send({ id: ++sequence, event: INCIDENT_LIST_SSE.changed, data: { changes } }),
      });
    },
  });
}
