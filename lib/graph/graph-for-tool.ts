import "server-only";
/**
 * The graph a tool call reads: built from the tool's own context (clients, metrics, clock), and
 * kept for a few seconds so an investigation that calls `topology` then `query_graph` three times
 * pays for one build, not four. Keyed by the clients object, so two clusters never share a graph.
 */
import type { ClusterClients } from "../cluster/client";
import type { ToolContext } from "../tools/types";
import { buildClusterGraph } from "./build-cluster-graph";
import type { ClusterGraph } from "./types";

/** How long a built graph answers tool calls, on both the cluster's clock and the wall clock. */
export const TOOL_GRAPH_TTL_MS = 15_000;

interface CachedGraph {
  clusterMs: number;
  wallMs: number;
  graph: Promise<ClusterGraph>;
}

// On globalThis: Next bundles each route separately, and the pipeline and routes should share it.
const globalForToolGraphs = globalThis as unknown as { agenticSreToolGraphs?: WeakMap<ClusterClients, Map<string, CachedGraph>> };

/** Options of `graphForTool`. */
export interface GraphForToolOptions {
  ctx: ToolContext;
  namespace: string;
}

/** The namespace's graph for a tool call (cached briefly per cluster and namespace). */
export async function graphForTool({ ctx, namespace }: GraphForToolOptions): Promise<ClusterGraph> {
  const caches = (globalForToolGraphs.agenticSreToolGraphs ??= new WeakMap());
  let byNamespace = caches.get(ctx.clients);
  if (!byNamespace) caches.set(ctx.clients, (byNamespace = new Map()));
  const now = ctx.now();
  const cached = byNamespace.get(namespace);
  // Both clocks: a stepped test clock may stand still while objects change, and an accelerated one runs ahead of the wall.
  if (cached && Math.abs(now.getTime() - cached.clusterMs) < TOOL_GRAPH_TTL_MS && Date.now() - cached.wallMs < TOOL_GRAPH_TTL_MS) return cached.graph;
  const previous = cached ? await cached.graph.catch(() => undefined) : undefined;
  const graph = buildClusterGraph({ clients: ctx.clients, namespace, now, ...(ctx.metrics ? { metrics: ctx.metrics } : {}), ...(previous ? { previous } : {}) });
  byNamespace.set(namespace, { clusterMs: now.getTime(), wallMs: Date.now(), graph });
  // A failed build must not be served to the next call.
  graph.catch(() => {
    if (byNamespace.get(namespace)?.graph === graph) byNamespace.delete(namespace);
  });
  return graph;
}

/** Tests that mutate the cluster between tool calls without moving the clock drop the cache. */
export function clearToolGraphCache(): void {
  globalForToolGraphs.agenticSreToolGraphs = new WeakMap();
}
