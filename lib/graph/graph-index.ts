/**
 * Adjacency of a `ClusterGraph` for the query functions, built once per graph object, and the
 * resolution of what a person or a model types ("cart", "ConfigMap/checkout-config") to a node.
 * Pure: the browser's topology view uses it too.
 */
import { GRAPH_NODE_KINDS, graphNodeId, isGraphNodeKind, type ClusterGraph, type GraphEdge, type GraphNode } from "./types";

/** Nodes by id and edges by endpoint. */
export interface GraphIndex {
  graph: ClusterGraph;
  nodes: ReadonlyMap<string, GraphNode>;
  /** Edges leaving a node. */
  out: ReadonlyMap<string, readonly GraphEdge[]>;
  /** Edges arriving at a node. */
  in: ReadonlyMap<string, readonly GraphEdge[]>;
}

// Graphs are immutable once built; indexing one per query would be wasted work on every tool call.
const indexes = new WeakMap<ClusterGraph, GraphIndex>();

/** The index of a graph (cached per graph object). */
export function indexGraph(graph: ClusterGraph): GraphIndex {
  const cached = indexes.get(graph);
  if (cached) return cached;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, GraphEdge[]>();
  const inbound = new Map<string, GraphEdge[]>();
  for (const edge of graph.edges) {
    out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
    inbound.set(edge.to, [...(inbound.get(edge.to) ?? []), edge]);
  }
  const index: GraphIndex = { graph, nodes, out, in: inbound };
  indexes.set(graph, index);
  return index;
}

/** A resolved reference, or why it could not be resolved (with what would have matched). */
export type ResolvedNode = { ok: true; node: GraphNode } | { ok: false; error: string };

/**
 * Resolves `ref` to one node: a full id (`Service/shop/cart`), `Kind/name` (`ConfigMap/checkout-config`,
 * kind case-insensitive), or a bare name (a Service of that name first, else the only node so named).
 */
export function resolveNode(graph: ClusterGraph, ref: string): ResolvedNode {
  const index = indexGraph(graph);
  const exact = index.nodes.get(ref);
  if (exact) return { ok: true, node: exact };
  const slash = ref.indexOf("/");
  if (slash > 0) {
    const kindText = ref.slice(0, slash);
    const kind = GRAPH_NODE_KINDS.find((k) => k.toLowerCase() === kindText.toLowerCase());
    const name = ref.slice(ref.lastIndexOf("/") + 1);
    if (!kind || !isGraphNodeKind(kind)) return { ok: false, error: `unknown kind "${kindText}"; kinds: ${GRAPH_NODE_KINDS.join(", ")}` };
    const node = index.nodes.get(graphNodeId(kind, name, kind === "Namespace" || kind === "Node" ? undefined : graph.namespace));
    if (node) return { ok: true, node };
    const sameKind = graph.nodes.filter((n) => n.kind === kind).map((n) => n.name);
    return { ok: false, error: `no ${kind} named "${name}" in namespace ${graph.namespace}${sameKind.length ? `; ${kind}s: ${sameKind.slice(0, 20).join(", ")}${sameKind.length > 20 ? ", …" : ""}` : ""}` };
  }
  const service = index.nodes.get(graphNodeId("Service", ref, graph.namespace));
  if (service) return { ok: true, node: service };
  const named = graph.nodes.filter((n) => n.name === ref);
  if (named.length === 1 && named[0]) return { ok: true, node: named[0] };
  if (named.length > 1) return { ok: false, error: `"${ref}" names ${named.length} objects (${named.map((n) => n.id).join(", ")}); write Kind/name` };
  const services = graph.nodes.filter((n) => n.kind === "Service").map((n) => n.name);
  return { ok: false, error: `nothing named "${ref}" in namespace ${graph.namespace}; services: ${services.join(", ") || "none"}` };
}

/** The id of the Service node a telemetry service name stands for, or undefined. */
export function serviceNodeId(graph: ClusterGraph, service: string): string | undefined {
  const index = indexGraph(graph);
  const id = graphNodeId("Service", service, graph.namespace);
  if (index.nodes.has(id)) return id;
  return graph.nodes.find((n) => n.kind === "Service" && n.attrs.telemetry === service)?.id;
}
