/**
 * Walks the call graph from the alerting services towards the deepest unhealthy dependency, so a
 * cause is looked for where it is rather than where it hurts: a caller failing because its callee
 * refuses connections is a symptom; the callee (or the edge to it) is where to look.
 *
 * Edges are discovered from the telemetry itself (client-side call metrics per caller -> callee),
 * so no topology has to be configured; a known edge list can be passed instead. An edge is
 * followed when its calls fail now, or when the caller is slow and the callee is slow too.
 */
import type { EdgeMetric } from "../../telemetry/metric-names";
import type { MetricsSource } from "../../telemetry/types";
import { abnormalities, CURRENT_WINDOW_SECONDS, readService, type ServiceReading } from "./service-telemetry";

/**
 * Window over which an edge counts as existing (calls seen in the last 5 minutes, which reaches
 * back before most incidents began). Rate queries need data at the window's start, so a longer
 * window would hide every edge of a young cluster.
 */
export const EDGE_DISCOVERY_WINDOW_SECONDS = 300;
/** Shorter windows also read for every edge rate (see `edgeValue`). */
const SHORT_WINDOWS_SECONDS = [CURRENT_WINDOW_SECONDS, 60];
/** Calls per second below which an edge is treated as absent. */
export const MIN_EDGE_CALL_RATE = 0.01;
/** An edge whose error ratio is above this fails now. */
export const EDGE_ERROR_THRESHOLD = 0.05;
/** Metric queries the walk may make at most (edge probes dominate: services x visited nodes). */
export const MAX_WALK_QUERIES = 1500;
/** Hops from an alerting service the walk follows at most. */
export const MAX_WALK_DEPTH = 6;

/** Failure outcomes of calls on an edge, per second. */
export type EdgeOutcome = "server_error" | "connection_refused" | "timeout" | "dns_error";
const OUTCOMES: readonly EdgeOutcome[] = ["server_error", "connection_refused", "timeout", "dns_error"];

/** One caller -> callee edge as measured now. */
export interface EdgeReading {
  from: string;
  to: string;
  /** Calls per second over the discovery window. */
  callRate: number;
  /** Error ratio over the current window (null: no calls now). */
  errorRatio: number | null;
  /** Failure rates by outcome over the current window (only read for failing edges). */
  outcomes: Partial<Record<EdgeOutcome, number>>;
}

/** What the walk found. */
export interface CallGraphWalk {
  /** Services reached, with their hop count from the nearest alerting service. */
  depth: Map<string, number>;
  /** Telemetry of each service reached. */
  readings: Map<string, ServiceReading>;
  /** Outgoing edges of each service reached (calls seen in the discovery window). */
  edges: Map<string, EdgeReading[]>;
  /** Edges whose calls fail now. */
  failingEdges: EdgeReading[];
  /** Callee followed because caller and callee are both slow. */
  slowEdges: EdgeReading[];
  /** Reached services with no unhealthy edge to follow: where the walk ended, deepest first. */
  terminals: string[];
  /** Metric queries made. */
  queries: number;
}

/** Options of `walkCallGraph`. */
export interface WalkCallGraphOptions {
  metrics: MetricsSource;
  namespace: string;
  now: Date;
  /** Where the walk starts: the alerting services. */
  from: readonly string[];
  /** When the symptoms began (the earliest alert); the baseline of slowness ends before it. */
  incidentStart?: Date;
  /** Known caller -> callee edges; when absent, edges are discovered from the metrics. */
  knownEdges?: readonly { from: string; to: string }[];
}

/** The dominant failure outcome of an edge, or undefined. */
export function dominantOutcome(edge: EdgeReading): EdgeOutcome | undefined {
  let best: EdgeOutcome | undefined;
  for (const outcome of OUTCOMES) if ((edge.outcomes[outcome] ?? 0) > (best ? (edge.outcomes[best] ?? 0) : 0)) best = outcome;
  return best;
}

/** Walks from the alerting services to the deepest unhealthy dependencies. */
export async function walkCallGraph(options: WalkCallGraphOptions): Promise<CallGraphWalk> {
  const { metrics, namespace, now } = options;
  let queries = 0;
  const budgeted = async <T>(fn: () => Promise<T>, fallback: T): Promise<T> => {
    if (queries >= MAX_WALK_QUERIES) return fallback;
    queries++;
    return fn();
  };
  const edgeAt = (from: string, to: string, metric: EdgeMetric, windowSeconds: number) => budgeted(() => metrics.instant({ namespace, from, to, metric, at: now, windowSeconds }), null);
  // Over a window reaching back before a restart, a rate only counts the old pods' series (the new
  // ones have no value at the window's start): read several windows and keep the largest.
  const edgeValue = async (from: string, to: string, metric: EdgeMetric, windowSeconds: number) => {
    let best: number | null = null;
    for (const window of [windowSeconds, ...SHORT_WINDOWS_SECONDS.filter((w) => w < windowSeconds)]) {
      const value = await edgeAt(from, to, metric, window);
      if (value !== null && (best === null || value > best)) best = value;
    }
    return best;
  };

  const services = options.knownEdges ? [...new Set(options.knownEdges.flatMap((e) => [e.from, e.to]))] : await metrics.listServices(namespace);

  const walk: CallGraphWalk = { depth: new Map(), readings: new Map(), edges: new Map(), failingEdges: [], slowEdges: [], terminals: [], queries: 0 };
  const queue: string[] = [];
  for (const start of options.from) {
    if (walk.depth.has(start)) continue;
    walk.depth.set(start, 0);
    queue.push(start);
  }

  const reading = async (service: string): Promise<ServiceReading> => {
    const known = walk.readings.get(service);
    if (known) return known;
    queries += 6;
    const value = await readService({ metrics, namespace, service, now, withPods: false, ...(options.incidentStart ? { incidentStart: options.incidentStart } : {}) });
    walk.readings.set(service, value);
    return value;
  };
  const isSlow = (r: ServiceReading) => abnormalities(r).some((a) => a.startsWith("p99 latency"));

  const followed = new Set<string>();
  while (queue.length > 0) {
    const node = queue.shift() ?? "";
    const depth = walk.depth.get(node) ?? 0;
    const nodeReading = await reading(node);
    const callees = options.knownEdges ? options.knownEdges.filter((e) => e.from === node).map((e) => e.to) : services.filter((s) => s !== node);
    const rates = await Promise.all(callees.map(async (to) => ({ to, rate: (await edgeValue(node, to, "call_rate", EDGE_DISCOVERY_WINDOW_SECONDS)) ?? 0 })));
    const edges: EdgeReading[] = [];
    for (const { to, rate } of rates) {
      if (rate < MIN_EDGE_CALL_RATE) continue;
      const errorRatio = await edgeValue(node, to, "error_ratio", CURRENT_WINDOW_SECONDS);
      const edge: EdgeReading = { from: node, to, callRate: rate, errorRatio, outcomes: {} };
      edges.push(edge);
      let next = false;
      if (errorRatio !== null && errorRatio > EDGE_ERROR_THRESHOLD) {
        const values = await Promise.all(OUTCOMES.map(async (o) => [o, (await edgeValue(node, to, `${o}_rate`, CURRENT_WINDOW_SECONDS)) ?? 0] as const));
        for (const [o, v] of values) if (v > 0) edge.outcomes[o] = v;
        walk.failingEdges.push(edge);
        next = true;
      } else if (isSlow(nodeReading) && isSlow(await reading(to))) {
        walk.slowEdges.push(edge);
        next = true;
      }
      if (next) {
        followed.add(node);
        if (!walk.depth.has(to) && depth + 1 <= MAX_WALK_DEPTH) {
          walk.depth.set(to, depth + 1);
          queue.push(to);
        }
      }
    }
    walk.edges.set(node, edges);
  }
  walk.terminals = [...walk.depth.keys()].filter((s) => !followed.has(s)).sort((a, b) => (walk.depth.get(b) ?? 0) - (walk.depth.get(a) ?? 0) || a.localeCompare(b));
  walk.queries = queries;
  return walk;
}
