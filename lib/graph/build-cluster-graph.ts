import "server-only";
/**
 * Reads the cluster and telemetry and builds the knowledge graph of one namespace: one snapshot
 * of the namespace's objects (lib/cluster, in parallel, no logs) and the call edges from the
 * metrics source, then the pure `graphFromSnapshot`.
 */
import type { ClusterClients } from "../cluster/client";
import { collectClusterSnapshot } from "../cluster/reads/collect-cluster-snapshot";
import type { MetricsSource } from "../telemetry/types";
import { discoverCallEdges } from "./discover-call-edges";
import { graphFromSnapshot } from "./graph-from-snapshot";
import type { ClusterGraph } from "./types";

/** Options of `buildClusterGraph`. */
export interface BuildClusterGraphOptions {
  clients: ClusterClients;
  /** Telemetry for `calls` edges; without it the graph has Kubernetes objects only (and says so). */
  metrics?: MetricsSource;
  namespace: string;
  /** The cluster's clock (the simulator's when it runs accelerated). */
  now: Date;
  /** The previous graph of the namespace: its call edges are probed first. */
  previous?: ClusterGraph;
  signal?: AbortSignal;
}

/** Builds the graph; reads that fail become warnings on it rather than errors. */
export async function buildClusterGraph(options: BuildClusterGraphOptions): Promise<ClusterGraph> {
  const { clients, metrics, namespace, now } = options;
  const previousNodes = new Map((options.previous?.nodes ?? []).map((n) => [n.id, n]));
  // Telemetry names the service; the graph's node may be a Service of another name that routes to it.
  const telemetryName = (id: string) => {
    const name = previousNodes.get(id)?.attrs.telemetry;
    return typeof name === "string" ? name : id.slice(id.lastIndexOf("/") + 1);
  };
  const knownEdges = (options.previous?.edges ?? []).filter((e) => e.type === "calls").map((e) => ({ from: telemetryName(e.from), to: telemetryName(e.to) }));
  const [snapshot, calls] = await Promise.all([
    collectClusterSnapshot({ clients, namespace, now: () => now, sampleLogs: false }),
    metrics
      ? discoverCallEdges({ metrics, namespace, now, knownEdges, ...(options.signal ? { signal: options.signal } : {}) }).catch((error: unknown) => ({
          services: [],
          edges: [],
          queries: 0,
          warnings: [`telemetry: ${error instanceof Error ? error.message : String(error)}; the graph has no call edges`],
        }))
      : Promise.resolve({ services: [], edges: [], queries: 0, warnings: ["no metrics source configured: the graph has no call edges"] }),
  ]);
  return graphFromSnapshot({ snapshot, callEdges: calls.edges, telemetryServices: calls.services, warnings: calls.warnings });
}

