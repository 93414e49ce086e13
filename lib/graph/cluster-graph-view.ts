import "server-only";
/**
 * What the topology view shows of a namespace: the knowledge graph, the health H of each service
 * with its parts (lib/telemetry/health.ts), and the namespaces there are to choose from. A health
 * measurement that fails leaves the graph usable and says why.
 */
import type { ClusterClients } from "../cluster/client";
import { listNamespaceNames } from "../cluster/reads/read-namespaces";
import type { NamespaceHealth, ServiceHealthParts } from "../telemetry/health";
import { measureHealth } from "../telemetry/measure-health";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import { buildClusterGraph } from "./build-cluster-graph";
import { serviceNodeId } from "./graph-index";
import type { ClusterGraph } from "./types";

/** One service's health, tied to its graph node. */
export interface ServiceHealthView {
  /** The service as telemetry names it. */
  service: string;
  /** Its Service node in the graph, or null when the graph has none. */
  nodeId: string | null;
  /** H in [0, 100]. */
  score: number;
  parts: ServiceHealthParts;
}

/** The namespace's health at the graph's instant. */
export interface GraphHealthView {
  at: string;
  score: number;
  aggregate: NamespaceHealth;
  services: ServiceHealthView[];
}

/** The payload of `GET /api/cluster/graph`. JSON-serializable. */
export interface ClusterGraphView {
  namespace: string;
  graph: ClusterGraph;
  /** Null when there is no metrics source or the measurement failed (`healthError` says why). */
  health: GraphHealthView | null;
  healthError: string | null;
  /** Every namespace of the cluster, for a picker. */
  namespaces: string[];
}

/** Options of `buildClusterGraphView`. */
export interface BuildClusterGraphViewOptions {
  clients: ClusterClients;
  metrics?: MetricsSource;
  namespace: string;
  now: Date;
  slos?: SloConfig;
  previous?: ClusterGraphView;
}

/** Reads the graph, the health and the namespace list at once. */
export async function buildClusterGraphView(options: BuildClusterGraphViewOptions): Promise<ClusterGraphView> {
  const { clients, metrics, namespace, now } = options;
  const [graph, measured, namespaces] = await Promise.all([
    buildClusterGraph({ clients, namespace, now, ...(metrics ? { metrics } : {}), ...(options.previous ? { previous: options.previous.graph } : {}) }),
    metrics
      ? measureHealth({ source: metrics, namespace, at: now, ...(options.slos ? { slos: options.slos } : {}) }).then(
          (m) => ({ ok: true as const, m }),
          (error: unknown) => ({ ok: false as const, error: `health not measured: ${error instanceof Error ? error.message : String(error)}` }),
        )
      : Promise.resolve({ ok: false as const, error: "health not measured: no metrics source configured" }),
    listNamespaceNames({ clients }).catch(() => [namespace]),
  ]);
  const health: GraphHealthView | null = measured.ok
    ? {
        at: measured.m.at,
        score: measured.m.score,
        aggregate: measured.m.aggregate,
        services: measured.m.services.map((s) => ({ service: s.service, nodeId: serviceNodeId(graph, s.service) ?? null, score: s.score, parts: s.parts })),
      }
    : null;
  return { namespace, graph, health, healthError: measured.ok ? null : measured.error, namespaces };
}
