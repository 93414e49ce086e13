import { queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/http/pagination";
import type { IncidentAlert, IncidentDetail, IncidentEventView, IncidentSummary } from "@/lib/incidents/incident-views";

/** Refresh interval for lists until the live stream arrives. */
export const REFRESH_MS = 3_000;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

/** Query keys and fetchers, defined once and shared by every component. */
export const incidentQueries = {
  list: (status: "open" | "closed" | "all", page: number) =>
    queryOptions({
      queryKey: ["incidents", "list", status, page],
      queryFn: () => fetchJson<Page<IncidentSummary>>(`/api/incidents?status=${status}&page=${page}&pageSize=50`),
      refetchInterval: REFRESH_MS,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["incidents", "detail", id],
      queryFn: () => fetchJson<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}`),
      refetchInterval: REFRESH_MS,
    }),
  alerts: (id: string) =>
    queryOptions({
      queryKey: ["incidents", "alerts", id],
      queryFn: () => fetchJson<Page<IncidentAlert>>(`/api/incidents/${encodeURIComponent(id)}/alerts?pageSize=100`),
      refetchInterval: REFRESH_MS,
    }),
  events: (id: string) =>
    queryOptions({
      queryKey: ["incidents", "events", id],
      queryFn: () => fetchJson<{ items: IncidentEventView[] }>(`/api/incidents/${encodeURIComponent(id)}/events`),
      refetchInterval: REFRESH_MS,
    }),
};
