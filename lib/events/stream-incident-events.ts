import "server-only";
import type { Db } from "../db/client";
import { getIncidentOrThrow } from "../incidents/get-incident-or-throw";
import { subscribeIncidentEvents, type IncidentTailTuning } from "./incident-event-feed";
import { createSseStream } from "./sse-stream";

/** SSE event name of one incident event (its `type` is in the data). */
export const INCIDENT_EVENT_SSE_NAME = "incident-event";

export interface StreamIncidentEventsOptions {
  db: Db;
  incidentId: string;
  /** Resume point: the client has every event up to this id. */
  afterId: number;
  signal: AbortSignal;
  heartbeatMs?: number;
  tuning?: IncidentTailTuning;
}

/**
 * An incident's event log as SSE: every event after `afterId`, then each new one as it is stored,
 * one frame per event with `id:` = the event id (so a reconnect resumes with `Last-Event-ID`).
 * Throws the 404 before any byte is streamed when the incident does not exist.
 */
export async function streamIncidentEvents({ db, incidentId, afterId, signal, heartbeatMs, tuning }: StreamIncidentEventsOptions): Promise<ReadableStream<Uint8Array>> {
  await getIncidentOrThrow({ db, id: incidentId });
  return createSseStream({
    signal,
    ...(heartbeatMs ? { heartbeatMs } : {}),
    open: (sink) =>
      subscribeIncidentEvents({
        db,
        incidentId,
        afterId,
        ...(tuning ? { tuning } : {}),
        onEvents: (events) => {
          for (const event of events) sink.send({ id: event.id, event: INCIDENT_EVENT_SSE_NAME, data: event });
        },
      }),
  });
}
