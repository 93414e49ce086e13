/** Events as an SRE reads them in `kubectl get events`: newest first, with counts. Pure. */
import type { CoreV1Event } from "@kubernetes/client-node";
import { timestampIso, timestampMs } from "./timestamps";

export interface EventSummary {
  type: string;
  reason: string;
  message: string;
  object: { kind: string; name: string };
  count: number;
  /** Last time seen (ISO). */
  lastSeen?: string;
  firstSeen?: string;
  source?: string;
}

/** Last time an event was seen, in ms (lastTimestamp, eventTime, firstTimestamp, creation). */
export function eventLastSeenMs(event: CoreV1Event): number | undefined {
  return timestampMs(event.lastTimestamp) ?? timestampMs(event.eventTime as Date | string | undefined) ?? timestampMs(event.firstTimestamp) ?? timestampMs(event.metadata?.creationTimestamp);
}

/** Summarises one event. */
export function summarizeEvent(event: CoreV1Event): EventSummary {
  const lastMs = eventLastSeenMs(event);
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: event.message ?? "",
    object: { kind: event.involvedObject.kind ?? "", name: event.involvedObject.name ?? "" },
    count: event.count ?? 1,
    ...(lastMs !== undefined ? { lastSeen: new Date(lastMs).toISOString() } : {}),
    ...(event.firstTimestamp ? { firstSeen: timestampIso(event.firstTimestamp) } : {}),
    ...(event.source?.component ? { source: event.source.component } : event.reportingComponent ? { source: event.reportingComponent } : {}),
  };
}

export interface EventFilter {
  involvedKind?: string;
  involvedName?: string;
  warningsOnly?: boolean;
  /** Only events last seen at or after this instant (ms). */
  sinceMs?: number;
}

/** Filters and orders events newest first. */
export function filterEvents(events: readonly CoreV1Event[], filter: EventFilter): CoreV1Event[] {
  return events
    .filter((e) => !filter.involvedKind || (e.involvedObject.kind ?? "").toLowerCase() === filter.involvedKind.toLowerCase())
    .filter((e) => !filter.involvedName || e.involvedObject.name === filter.involvedName)
    .filter((e) => !filter.warningsOnly || e.type === "Warning")
    .filter((e) => filter.sinceMs === undefined || (eventLastSeenMs(e) ?? 0) >= filter.sinceMs)
    .sort((a, b) => (eventLastSeenMs(b) ?? 0) - (eventLastSeenMs(a) ?? 0));
}
