import "server-only";
/** query_graph: neighbours, callers, callees, the path to a candidate cause, or the blast radius of one object. */
import { z } from "zod";
import { boundList } from "../tools/bound";
import { namespaceParam } from "../tools/params";
import { defineTool, toolError, toolOk, type ToolResult } from "../tools/types";
import { edgeFacts, nodeLabel, shortLabel } from "./describe-graph";
import { graphForTool } from "./graph-for-tool";
import { indexGraph, resolveNode } from "./graph-index";
import { blastRadius, downstreamServices, findPath, MAX_CALL_DEPTH, neighbours, upstreamServices, type ReachedService } from "./graph-queries";
import { GRAPH_EDGE_TYPES, type ClusterGraph, type GraphNode } from "./types";

/** Items of one list printed at most. */
const MAX_ITEMS = 60;

/** The questions query_graph answers. */
export const GRAPH_QUERIES = ["neighbours", "upstream", "downstream", "path", "blast_radius"] as const;

/** An object reference: full id, `Kind/name` or a bare name. */
const objectRef = () =>
  z
    .string()
    .min(1)
    .max(300)
    .regex(/^[A-Za-z0-9][A-Za-z0-9./-]*$/, "must be an object name, Kind/name (Service/cart, ConfigMap/checkout-config) or a node id");

export const queryGraphParams = z
  .object({
    namespace: namespaceParam,
    query: z
      .enum(GRAPH_QUERIES)
      .describe(
        "neighbours: objects one edge away; upstream: services calling this one (transitively); downstream: services it calls; path: from the alerting service (object) to a candidate cause (target); blast_radius: pods, workloads and services a broken object touches, and their callers",
      ),
    object: objectRef().describe("The object asked about: a service name (cart), Kind/name (Deployment/cart, ConfigMap/checkout-config, Node/node-1) or a node id from topology; for path, the alerting service"),
    target: objectRef().optional().describe("For query=path only: the candidate cause, as Kind/name or a service name"),
    direction: z.enum(["out", "in", "both"]).optional().describe("For query=neighbours: edges leaving the object (out), arriving (in) or both (default)"),
    edgeTypes: z
      .array(z.enum(GRAPH_EDGE_TYPES))
      .min(1)
      .max(GRAPH_EDGE_TYPES.length)
      .optional()
      .describe("For query=neighbours: only these edge types (owns, scheduled-on, selects, targets, endpoints, references, calls, restricts, limits, contains)"),
    maxDepth: z.number().int().min(1).max(MAX_CALL_DEPTH).optional().describe(`For upstream/downstream: call hops followed at most (default ${MAX_CALL_DEPTH})`),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.query === "path" && value.target === undefined) ctx.addIssue({ code: "custom", path: ["target"], message: "required when query is path (the candidate cause)" });
    if (value.query !== "path" && value.target !== undefined) ctx.addIssue({ code: "custom", path: ["target"], message: "only used when query is path" });
    if (value.query !== "neighbours" && (value.direction !== undefined || value.edgeTypes !== undefined)) ctx.addIssue({ code: "custom", path: [value.direction !== undefined ? "direction" : "edgeTypes"], message: "only used when query is neighbours" });
    if (value.query !== "upstream" && value.query !== "downstream" && value.maxDepth !== undefined) ctx.addIssue({ code: "custom", path: ["maxDepth"], message: "only used when query is upstream or downstream" });
  });

type QueryGraphParams = z.infer<typeof queryGraphParams>;

function listLines<T>(items: readonly T[], noun: string, line: (item: T) => string): { lines: string[]; truncated: boolean } {
  const bounded = boundList(items, { max: MAX_ITEMS, noun });
  return { lines: [...bounded.items.map((i) => `  ${line(i)}`), ...(bounded.note ? [`  ${bounded.note}`] : [])], truncated: bounded.omitted > 0 };
}

function reachedLines(graph: ClusterGraph, reached: ReachedService[], title: string): ToolResult {
  const index = indexGraph(graph);
  const { lines, truncated } = listLines(reached, "services", (r) => `depth ${r.depth}: ${nodeLabel(r.node)} via ${index.nodes.get(r.edge.from)?.name ?? r.edge.from} -> ${index.nodes.get(r.edge.to)?.name ?? r.edge.to} (${edgeFacts(r.edge)})`);
  const text = [`${title} (${reached.length}):`, ...(reached.length ? lines : ["  (none in telemetry)"])].join("\n");
  return toolOk(text, { data: reached.map((r) => ({ id: r.node.id, name: r.node.name, status: r.node.status, unhealthy: r.node.unhealthy, depth: r.depth, edge: r.edge })), truncated });
}

/** Answers one query on a graph (pure; exported for tests). */
export function answerGraphQuery(graph: ClusterGraph, params: QueryGraphParams): ToolResult {
  const resolved = resolveNode(graph, params.object);
  if (!resolved.ok) return toolError(`object: ${resolved.error}`);
  const node: GraphNode = resolved.node;
  switch (params.query) {
    case "neighbours": {
      const found = neighbours({ graph, id: node.id, direction: params.direction ?? "both", ...(params.edgeTypes ? { edgeTypes: params.edgeTypes } : {}) });
      const { lines, truncated } = listLines(found, "neighbours", (n) => {
        const facts = edgeFacts(n.edge);
        return `${n.direction === "out" ? `-${n.edge.type}->` : `<-${n.edge.type}-`} ${nodeLabel(n.node)}${facts ? ` (${facts})` : ""}`;
      });
      const text = [`Neighbours of ${nodeLabel(node)} (${found.length}):`, ...(found.length ? lines : ["  (none)"])].join("\n");
      return toolOk(text, { data: { node, neighbours: found.map((n) => ({ id: n.node.id, status: n.node.status, unhealthy: n.node.unhealthy, direction: n.direction, edge: n.edge })) }, truncated });
    }
    case "upstream":
    case "downstream": {
      if (node.kind !== "Service") return toolError(`object: ${shortLabel(node.id)} is a ${node.kind}; ${params.query} follows calls between services: pass a service name`);
      const options = { graph, id: node.id, ...(params.maxDepth ? { maxDepth: params.maxDepth } : {}) };
      return params.query === "upstream" ? reachedLines(graph, upstreamServices(options), `Callers of ${node.name}, nearest first`) : reachedLines(graph, downstreamServices(options), `Callees of ${node.name}, nearest first`);
    }
    case "path": {
      const target = resolveNode(graph, params.target ?? "");
      if (!target.ok) return toolError(`target: ${target.error}`);
      if (node.kind !== "Service") return toolError(`object: ${shortLabel(node.id)} is a ${node.kind}; a path starts at the alerting service`);
      const path = findPath({ graph, from: node.id, to: target.node.id });
      if (!path.found) return toolOk(`No path from ${shortLabel(node.id)} to ${shortLabel(target.node.id)}: ${path.reason}`, { data: path });
      const index = indexGraph(graph);
      const chain = [shortLabel(node.id), ...path.hops.map((h) => `${h.reversed ? `<-${h.type}-` : `-${h.type}->`} ${shortLabel(h.to)}`)].join(" ");
      const steps = path.hops.map((h) => {
        const to = index.nodes.get(h.to);
        const facts = edgeFacts(h.edge);
        return `  ${h.reversed ? `<-${h.type}-` : `-${h.type}->`} ${to ? nodeLabel(to) : h.to}${facts ? ` (${facts})` : ""}`;
      });
      const text = [`Path from ${nodeLabel(node)} to ${nodeLabel(target.node)}: ${path.callHops} call hop(s), ${path.hops.length - path.callHops} to the object`, chain, ...steps].join("\n");
      return toolOk(text, { data: path });
    }
    case "blast_radius": {
      const radius = blastRadius({ graph, id: node.id });
      const index = indexGraph(graph);
      const label = (id: string) => {
        const n = index.nodes.get(id);
        return n ? nodeLabel(n) : id;
      };
      const section = (title: string, ids: string[]) => {
        const { lines, truncated } = listLines(ids, title.toLowerCase(), label);
        return { lines: [`${title} (${ids.length}):`, ...(ids.length ? lines : ["  (none)"])], truncated };
      };
      const parts = [section("Pods", radius.pods), section("Workloads", radius.workloads), section("Services", radius.services), section("Upstream callers", radius.upstreamCallers)];
      const text = [`Blast radius of ${nodeLabel(node)}:`, ...parts.flatMap((p) => p.lines)].join("\n");
      return toolOk(text, { data: radius, truncated: parts.some((p) => p.truncated) });
    }
  }
}

export const queryGraphTool = defineTool({
  name: "query_graph",
  description:
    "Query the cluster knowledge graph (Kubernetes objects, their relations, and service calls from telemetry): neighbours of an object, upstream callers or downstream callees of a service, the path from the alerting service to a candidate cause, or the blast radius of a broken object.",
  parameters: queryGraphParams,
  async run(ctx, params) {
    const graph = await graphForTool({ ctx, namespace: params.namespace ?? ctx.defaultNamespace });
    return answerGraphQuery(graph, params);
  },
});
