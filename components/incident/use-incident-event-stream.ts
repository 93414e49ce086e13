"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { IncidentEventView } from "@/lib/incidents/incident-views";
import { mergeEvents } from "@/lib/events/merge-events";
import { incidentQueries } from "../incident-queries";

/** `live`: events flow; `connecting`: first connection; `down`: lost, the browser is reconnecting. */
export type StreamStatus = "connecting" | "live" | "down";

/** Event types after which the incident's own fields (state, milestones) or its alerts changed. */
const REFRESHES_DETAIL = /^(incident\.|alert\.|detection\.|diagnosis\.|mitigation\.|approval\.|execution\.|validation\.|rollback\.|undo\.|alerts\.|operator\.|recovery\.)/;
/** How long to wait before opening a new EventSource after the browser gave up on one. */
const MANUAL_RETRY_MS = 3_000;

/**
 * Streams an incident's events into the TanStack Query cache of `incidentQueries.events(id)`:
 * waits for the initial load, opens an EventSource from its last id, and merges every event by id
 * (so a replay after a reconnect never shows twice). The browser reconnects by itself with
 * `Last-Event-ID`; if it gives up (the server answered an error), a new stream is opened from the
 * cache's last id.
 */
export function useIncidentEventStream(id: string, enabled: boolean): StreamStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const eventsKey = incidentQueries.events(id).queryKey;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const refreshDetail = () => {
      // Coalesce bursts (an agent writes many steps at once) into one refetch.
      if (refreshTimer.current) return;
      refreshTimer.current = setTimeout(() => {
        refreshTimer.current = null;
        void queryClient.invalidateQueries({ queryKey: incidentQueries.detail(id).queryKey });
        void queryClient.invalidateQueries({ queryKey: incidentQueries.alerts(id).queryKey });
        void queryClient.invalidateQueries({ queryKey: ["incidents", "health", id] });
      }, 250);
    };

    const connect = () => {
      const lastId = queryClient.getQueryData(eventsKey)?.items.at(-1)?.id ?? 0;
      source = new EventSource(`/api/incidents/${encodeURIComponent(id)}/stream?after=${lastId}`);
      source.onopen = () => setStatus("live");
      source.addEventListener("incident-event", (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as IncidentEventView;
        queryClient.setQueryData(eventsKey, (current) => {
          const items = current?.items ?? [];
          const merged = mergeEvents(items, [event]);
          return merged === items && current ? current : { items: [...merged] };
        });
        if (REFRESHES_DETAIL.test(event.type)) refreshDetail();
      });
      source.onerror = () => {
        setStatus("down");
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          retry = setTimeout(connect, MANUAL_RETRY_MS);
        }
      };
    };
    connect();
    return () => {
      stopped = true;
      source?.close();
      if (retry) clearTimeout(retry);
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
      refreshTimer.current = null;
    };
  }, [id, enabled, queryClient]);

  return status;
}
