import { queryOptions } from "@tanstack/react-query";

/** Shapes returned by the incident API (see lib/incidents). */
export interface IncidentSummary {
  id: string;
  title: string;
  severity: string;
  state: string;
  cluster: string | null;
  namespace: string | null;
  service: string | null;
  triggeredAt: string;
  resolvedAt: string | null;
  alertCount: number;
  firingAlertCount: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface IncidentDetail extends Omit<IncidentSummary, "firingAlertCount"> {
  groupKey: string;
  lastAlertAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
}

export interface IncidentAlert {
  id: string;
  source: string;
  fingerprint: string;
  status: string;
  severity: string;
  name: string;
  summary: string;
  description: string;
  service: string | null;
  namespace: string | null;
  labels: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  generatorUrl: string | null;
  receivedCount: number;
}

export interface IncidentEvent {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}

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
  list: (status: "open" | "resolved" | "all", page: number) =>
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
      queryFn: () => fetchJson<{ items: IncidentEvent[] }>(`/api/incidents/${encodeURIComponent(id)}/events`),
      refetchInterval: REFRESH_MS,
    }),
};
