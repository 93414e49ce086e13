/**
 * The cluster knowledge graph: Kubernetes objects of one namespace (plus the nodes its pods run
 * on) and the services of its call graph, as plain JSON so the API, the tools and the browser
 * share one shape. Built deterministically (`graph-from-snapshot.ts`); queried by the pure
 * functions beside it. ConfigMaps and Secrets carry key names only, never values.
 */

/** Kinds of graph nodes: the Kubernetes kinds the graph models. */
export const GRAPH_NODE_KINDS = ["Namespace", "Deployment", "ReplicaSet", "Pod", "Node", "Service", "Endpoints", "ConfigMap", "Secret", "NetworkPolicy", "ResourceQuota"] as const;
export type GraphNodeKind = (typeof GRAPH_NODE_KINDS)[number];

/**
 * Edge types, each directed as an SRE reads it:
 * - `contains`     Namespace -> its top-level objects (Deployments, Services, ConfigMaps, Secrets, policies, quotas)
 * - `owns`         Deployment -> ReplicaSet -> Pod (ownerReferences)
 * - `scheduled-on` Pod -> Node
 * - `selects`      Service -> Pod (the Service's selector matches the pod's labels)
 * - `targets`      Service -> Deployment (the selector matches the pod template: holds even while no pod exists)
 * - `endpoints`    Service -> Endpoints, and Endpoints -> Pod for each address (`ready` attribute)
 * - `references`   Deployment (its pod template) or a bare Pod -> ConfigMap / Secret (env, envFrom, volumes)
 * - `calls`        Service -> Service, from telemetry (call rate, error ratio)
 * - `restricts`    NetworkPolicy -> Pod (the policy's podSelector matches the pod)
 * - `limits`       ResourceQuota -> Deployment (every workload of the namespace draws on the quota)
 */
export const GRAPH_EDGE_TYPES = ["contains", "owns", "scheduled-on", "selects", "targets", "endpoints", "references", "calls", "restricts", "limits"] as const;
export type GraphEdgeType = (typeof GRAPH_EDGE_TYPES)[number];

/** A scalar attribute value (JSON-safe). */
export type GraphAttr = string | number | boolean | null;

/** One object in the graph. */
export interface GraphNode {
  /** `Kind/namespace/name` for namespaced kinds, `Kind/name` for Namespace and Node. */
  id: string;
  kind: GraphNodeKind;
  name: string;
  /** Absent for cluster-scoped kinds. */
  namespace?: string;
  /**
   * One-word state an SRE scans for: `Running`, `NotReady`, `Pending`, `2/3 available`, `missing`
   * (referenced or seen in telemetry but no such object exists), `no endpoints`...
   */
  status: string;
  /** True when the node's own state is bad (pod not ready, Deployment short of replicas, Service without ready endpoints, missing object). */
  unhealthy: boolean;
  /** Small facts (replicas, image, ports, keys, restarts); never Secret values. */
  attrs: Record<string, GraphAttr>;
}

/** One directed relation. */
export interface GraphEdge {
  from: string;
  to: string;
  type: GraphEdgeType;
  attrs: Record<string, GraphAttr>;
}

/** Telemetry of one call edge (caller -> callee), as `calls` edges carry it. */
export interface CallEdgeMetrics {
  from: string;
  to: string;
  /** Calls per second over the discovery window. */
  callRate: number;
  /** Error ratio over the current window; null when no call was made in it. */
  errorRatio: number | null;
}

/** The graph of one namespace at one instant. */
export interface ClusterGraph {
  namespace: string;
  /** ISO instant the cluster was read at (the cluster's clock). */
  builtAt: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Reads that failed or bounds that were hit; the graph is usable without them. */
  warnings: string[];
}

/** The id of a node: `Kind/namespace/name`, or `Kind/name` for cluster-scoped kinds. */
export function graphNodeId(kind: GraphNodeKind, name: string, namespace?: string): string {
  return kind === "Namespace" || kind === "Node" || namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
}

/** True for a kind the graph knows. */
export function isGraphNodeKind(kind: string): kind is GraphNodeKind {
  return (GRAPH_NODE_KINDS as readonly string[]).includes(kind);
}
