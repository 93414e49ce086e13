import { queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/http/pagination";
import type { DraftPostmortemResult, PostmortemDetail, PostmortemSummary } from "@/lib/postmortems/postmortem-views";

/** An API error as the routes send it: the message is meant for people. */
export class PostmortemRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "PostmortemRequestError";
  }
}

/** JSON from one of our routes (same-origin cookies), or an error carrying the server's own words. */
async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: "same-origin", headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) } });
  } catch {
    throw new PostmortemRequestError("the server could not be reached; check your connection and try again", 0);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new PostmortemRequestError(body?.error?.message ?? `the server answered ${response.status} ${response.statusText}`, response.status);
  }
  return (await response.json()) as T;
}

/** Query keys and fetchers, defined once for every postmortem component. */
export const postmortemQueries = {
  all: ["postmortems"] as const,
  list: (status: "draft" | "reviewed" | "all", page: number) =>
    queryOptions({
      queryKey: ["postmortems", "list", status, page],
      queryFn: () => requestJson<Page<PostmortemSummary>>(`/api/postmortems?status=${status}&page=${page}&pageSize=50`),
      refetchInterval: 10_000,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: ["postmortems", "detail", id],
      queryFn: () => requestJson<PostmortemDetail>(`/api/postmortems/${encodeURIComponent(id)}`),
      // An editor must not be refreshed under the person typing; saves return the new version.
      refetchOnWindowFocus: false,
    }),
};

/** Saves the markdown; `baseUpdatedAt` makes a save over someone else's newer edit fail with 409. */
export function savePostmortem({ id, markdown, baseUpdatedAt }: { id: string; markdown: string; baseUpdatedAt: string }): Promise<PostmortemDetail> {
  return requestJson(`/api/postmortems/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify({ markdown, baseUpdatedAt }) });
}

/** Moves a draft to reviewed. */
export function reviewPostmortem({ id }: { id: string }): Promise<PostmortemDetail> {
  return requestJson(`/api/postmortems/${encodeURIComponent(id)}/review`, { method: "POST" });
}

/** Drafts an incident's postmortem now (or replaces the draft with `redraft`). */
export function draftIncidentPostmortem({ incidentId, redraft }: { incidentId: string; redraft: boolean }): Promise<DraftPostmortemResult> {
  return requestJson(`/api/incidents/${encodeURIComponent(incidentId)}/postmortem`, { method: "POST", body: JSON.stringify({ redraft }) });
}
