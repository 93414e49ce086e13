import "server-only";
/**
 * Call edges (caller -> callee) of a namespace from telemetry. `MetricsSource` has no "list
 * edges" query, so every ordered pair of services is probed for a call rate over the discovery
 * window, as the rules reasoner's call-graph walk does; the probes are bounded and run a few at a
 * time, and edges already known (from the previous refresh) are probed first so a budget cut
 * never loses them.
 */
import type { MetricsSource } from "../telemetry/types";
import type { CallEdgeMetrics } from "./types";

/** Window over which an edge counts as existing (the call-graph walk's: reaches back before most incidents). */
export const CALL_DISCOVERY_WINDOW_SECONDS = 300;
/** Window of "now" readings of an edge's error ratio (the alert rules use 1-2 minutes). */
export const CALL_CURRENT_WINDOW_SECONDS = 120;
/** Calls per second below which an edge is treated as absent. */
export const MIN_CALL_RATE = 0.01;
/** Metric queries one discovery may make at most (n services need n(n-1) probes: 20 services fit). */
export const MAX_EDGE_QUERIES = 500;
/** Queries in flight at once. */
export const EDGE_QUERY_CONCURRENCY = 8;

/** Options of `discoverCallEdges`. */
export interface DiscoverCallEdgesOptions {
  metrics: MetricsSource;
  namespace: string;
  now: Date;
  /** Services to pair up (default: what the source lists). */
  services?: readonly string[];
  /** Edges to probe first (e.g. the previous graph's). */
  knownEdges?: readonly { from: string; to: string }[];
  signal?: AbortSignal;
}

/** What discovery found. */
export interface DiscoveredCallEdges {
  services: string[];
  edges: CallEdgeMetrics[];
  /** Metric queries made. */
  queries: number;
  /** Budget cuts and failed queries, in words. */
  warnings: string[];
}

/** Runs `fn` over `items`, at most `concurrency` at a time, results in input order. */
async function mapLimited<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Probes every ordered pair of services (known edges first) and measures the edges that carry calls. */
export async function discoverCallEdges(options: DiscoverCallEdgesOptions): Promise<DiscoveredCallEdges> {
  const { metrics, namespace, now } = options;
  const signal = options.signal ? { signal: options.signal } : {};
  const services = [...(options.services ?? (await metrics.listServices(namespace, signal)))].sort();
  const warnings: string[] = [];
  let queries = 0;
  let failures = 0;
  const read = async (from: string, to: string, metric: "call_rate" | "error_ratio", windowSeconds: number): Promise<number | null> => {
    queries++;
    try {
      return await metrics.instant({ namespace, from, to, metric, at: now, windowSeconds, ...signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      failures++;
      return null;
    }
  };

  const known = new Set((options.knownEdges ?? []).map((e) => `${e.from}\u0000${e.to}`));
  const pairs: { from: string; to: string }[] = [];
  for (const from of services) for (const to of services) if (from !== to) pairs.push({ from, to });
  pairs.sort((a, b) => Number(known.has(`${b.from}\u0000${b.to}`)) - Number(known.has(`${a.from}\u0000${a.to}`)));
  // Half the budget at most for discovery, so every edge found can still get its error ratio.
  const probeBudget = Math.floor(MAX_EDGE_QUERIES / 2);
  const probed = pairs.slice(0, probeBudget);
  if (pairs.length > probed.length) warnings.push(`call edges: probed ${probed.length} of ${pairs.length} service pairs (query budget ${MAX_EDGE_QUERIES}); some calls may be missing`);

  const rates = await mapLimited(probed, EDGE_QUERY_CONCURRENCY, async (pair) => ({ ...pair, callRate: (await read(pair.from, pair.to, "call_rate", CALL_DISCOVERY_WINDOW_SECONDS)) ?? 0 }));
  const found = rates.filter((r) => r.callRate >= MIN_CALL_RATE);
  const edges = await mapLimited(found, EDGE_QUERY_CONCURRENCY, async (edge): Promise<CallEdgeMetrics> => ({ ...edge, errorRatio: await read(edge.from, edge.to, "error_ratio", CALL_CURRENT_WINDOW_SECONDS) }));
  if (failures > 0) warnings.push(`call edges: ${failures} of ${queries} metric queries failed; edges may be missing`);
  edges.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return { services, edges, queries, warnings };
}
