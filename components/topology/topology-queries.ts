import { queryOptions } from "@tanstack/react-query";
import type { ClusterGraphView } from "@/lib/graph/cluster-graph-view";

/** How often the topology is refetched; the server rebuilds the graph on its own interval too. */
export const TOPOLOGY_REFRESH_MS = 10_000;

/** The graph route's answer. */
export type ClusterGraphResponse = ClusterGraphView & { refreshedAt: string };

async function fetchGraph(namespace: string | null, refresh: boolean): Promise<ClusterGraphResponse> {
  const params = new URLSearchParams();
  if (namespace) params.set("namespace", namespace);
  if (refresh) params.set("refresh", "true");
  const query = params.toString();
  const response = await fetch(`/api/cluster/graph${query ? `?${query}` : ""}`, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as ClusterGraphResponse;
}

/** Query keys and fetchers of the topology, defined once and shared by the cluster page and the incident page. */
export const topologyQueries = {
  /** The namespace's graph and health; `namespace` null lets the server choose. */
  graph: (namespace: string | null) =>
    queryOptions({
      queryKey: ["cluster", "graph", namespace],
      queryFn: () => fetchGraph(namespace, false),
      refetchInterval: TOPOLOGY_REFRESH_MS,
    }),
  /** Asks the server to rebuild now (it does so at most every few seconds). */
  refresh: (namespace: string | null) => fetchGraph(namespace, true),
};
