"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { incidentQueries } from "../incident-queries";
import type { StreamStatus } from "./use-incident-event-stream";

/** Keeps the incident list live: every change (and every reconnect) refetches the list queries. */
export function useIncidentListStream(): StreamStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  useEffect(() => {
    const source = new EventSource("/api/incidents/stream");
    const refetch = () => void queryClient.invalidateQueries({ queryKey: incidentQueries.listKey });
    source.onopen = () => setStatus("live");
    source.onerror = () => setStatus("down");
    // A (re)connection starts with a sync: anything may have changed while the stream was down.
    source.addEventListener("incidents-sync", refetch);
    source.addEventListener("incidents-changed", (message) => {
      refetch();
      const { changes } = JSON.parse((message as MessageEvent<string>).data) as { changes: { id: string }[] };
      for (const change of changes) void queryClient.invalidateQueries({ queryKey: incidentQueries.detail(change.id).queryKey });
    });
    return () => source.close();
  }, [queryClient]);
  return status;
}
