import { queryOptions } from "@tanstack/react-query";
import type { IncidentHealth } from "@/lib/events/get-incident-health";
import type { Page } from "@/lib/http/pagination";
import type { IncidentAlert, IncidentDetail, IncidentEventView, IncidentSummary } from "@/lib/incidents/incident-views";

/** Safety-net refresh of the list and detail; the SSE streams make changes appear at once. */
export const REFRESH_MS = 15_000;
/** Health charts are re-read this often while the incident is open (telemetry is not streamed). */
export const HEALTH_REFRESH_MS = 5_000;
/** Events per page of the initial event-log load. */
const EVENTS_PAGE = 1000;

/** An API error answer, with the server's message in words. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

async function toError(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string; issues?: { path: string; message: string }[] } } | null;
  const issues = body?.error?.issues?.map((i) => `${i.path || "body"}: ${i.message}`).join("; ");
  const message = body?.error?.message ?? `${response.status} ${response.statusText || "request failed"}`;
  return new ApiRequestError(response.status, body?.error?.code ?? "unknown", issues ? `${message} (${issues})` : message);
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** POSTs JSON to one of our routes (same-origin cookies, no tokens in the browser). */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

/** Filters of the incident list; empty strings mean "any". */
export interface IncidentListFilters {
  status: "open" | "closed" | "all";
  state: string;
  severity: string;
  service: string;
  q: string;
}

export const EMPTY_FILTERS: IncidentListFilters = { status: "all", state: "", severity: "", service: "", q: "" };

/** The whole event log, paging through it in id order. */
async function fetchAllEvents(id: string): Promise<{ items: IncidentEventView[] }> {
  const items: IncidentEventView[] = [];
  for (;;) {
    const after = items.at(-1)?.id ?? 0;
    const page = await fetchJson<{ items: IncidentEventView[] }>(`/api/incidents/${encodeURIComponent(id)}/events?after=${after}&limit=${EVENTS_PAGE}`);
    items.push(...page.items);
    if (page.items.length < EVENTS_PAGE) return { items };
  }
}

/** Query keys and fetchers, defined once and shared by every component. */
export const incidentQueries = {
  /** Prefix of every list query (the list stream invalidates it). */
  listKey: ["incidents", "list"] as const,
  list: (filters: IncidentListFilters, page: number) =>
    queryOptions({
      queryKey: ["incidents", "list", filters, page],
      queryFn: () => {
        const params = new URLSearchParams({ page: String(page), pageSize: "50" });
        for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
        return fetchJson<Page<IncidentSummary>>(`/api/incidents?${params}`);
      },
      refetchInterval: REFRESH_MS,
      placeholderData: (previous) => previous,
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
  /** Loaded once; the SSE stream appends to it (`useIncidentEventStream`). */
  events: (id: string) =>
    queryOptions({
      queryKey: ["incidents", "events", id],
      queryFn: () => fetchAllEvents(id),
      staleTime: Number.POSITIVE_INFINITY,
      refetchOnWindowFocus: false,
    }),
  health: (id: string, live: boolean) =>
    queryOptions({
      queryKey: ["incidents", "health", id],
      queryFn: () => fetchJson<IncidentHealth>(`/api/incidents/${encodeURIComponent(id)}/health`),
      refetchInterval: live ? HEALTH_REFRESH_MS : false,
    }),
};
