import { queryOptions } from "@tanstack/react-query";
import type { AskResult } from "@/lib/ask/ask-schemas";
import type { SimilarIncidentView } from "@/lib/ask/similar-incidents-for-panel";
import type { RunbookDetail, RunbookSummary } from "@/lib/memory/runbooks/manage-runbooks";
import type { SearchRunbooksResult } from "@/lib/memory/search/search-runbooks";

/** An API error answer, with the server's own words (and the fields it names). */
export class MemoryRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "MemoryRequestError";
  }
}

/** JSON from one of our routes (same-origin cookies), or an error carrying the server's message. */
async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin", headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  } catch {
    throw new MemoryRequestError("the server could not be reached; check your connection and try again", 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string; issues?: { path: string; message: string }[] } } | null;
    const message = body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`;
    const issues = body?.error?.issues?.map((i) => `${i.path || "body"}: ${i.message}`).filter((i) => !message.includes(i));
    throw new MemoryRequestError(issues?.length ? `${message} (${issues.join("; ")})` : message, response.status);
  }
  return (await response.json()) as T;
}

/** `/api/runbooks/<slug>` with each path segment encoded (slugs may hold "/"). */
export const runbookApiPath = (slug: string) => `/api/runbooks/${slug.split("/").map(encodeURIComponent).join("/")}`;
/** The page of a runbook, optionally at a section anchor. */
export const runbookPagePath = (slug: string, anchor?: string) => `/runbooks/${slug.split("/").map(encodeURIComponent).join("/")}${anchor ? `#${encodeURIComponent(anchor)}` : ""}`;

/** Query keys and fetchers of the memory components, defined once. */
export const memoryQueries = {
  runbooks: ["runbooks"] as const,
  runbookList: () => queryOptions({ queryKey: ["runbooks", "list"], queryFn: () => requestJson<{ items: RunbookSummary[] }>("/api/runbooks") }),
  runbook: (slug: string) =>
    queryOptions({
      queryKey: ["runbooks", "detail", slug],
      queryFn: () => requestJson<RunbookDetail>(runbookApiPath(slug)),
      // An editor must not be refreshed under the person typing.
      refetchOnWindowFocus: false,
    }),
  runbookSearch: (query: string) =>
    queryOptions({
      queryKey: ["runbooks", "search", query],
      queryFn: () => requestJson<SearchRunbooksResult>(`/api/runbooks/search?q=${encodeURIComponent(query)}`),
      enabled: query.trim().length >= 2,
    }),
  similar: (incidentId: string) =>
    queryOptions({
      queryKey: ["incidents", "similar", incidentId],
      queryFn: () => requestJson<{ incidentId: string; similar: SimilarIncidentView[] }>(`/api/incidents/${encodeURIComponent(incidentId)}/similar`),
      // Memory changes when another incident resolves: rarely.
      staleTime: 60_000,
    }),
};

/** Creates a runbook written in the UI. */
export function createRunbookRequest(input: { title: string; body: string; slug?: string }): Promise<RunbookDetail> {
  return requestJson("/api/runbooks", { method: "POST", body: JSON.stringify(input) });
}

/** Saves a runbook's title and body. */
export function updateRunbookRequest({ slug, ...input }: { slug: string; title?: string; body?: string }): Promise<RunbookDetail> {
  return requestJson(runbookApiPath(slug), { method: "PATCH", body: JSON.stringify(input) });
}

/** Deletes a UI runbook. */
export function deleteRunbookRequest({ slug }: { slug: string }): Promise<{ slug: string; deleted: true }> {
  return requestJson(runbookApiPath(slug), { method: "DELETE" });
}

/** Asks an incident a question (or for an action). */
export function askIncidentRequest({ incidentId, question }: { incidentId: string; question: string }): Promise<AskResult> {
  return requestJson(`/api/incidents/${encodeURIComponent(incidentId)}/ask`, { method: "POST", body: JSON.stringify({ question }) });
}
