import "server-only";
/** topology: a namespace's call graph from telemetry with the Kubernetes objects behind each service. */
import { z } from "zod";
import { boundList } from "../tools/bound";
import { namespaceParam } from "../tools/params";
import { defineTool, toolError, toolOk } from "../tools/types";
import { edgeFacts, nodeLabel, shortLabel } from "./describe-graph";
import { graphForTool } from "./graph-for-tool";
import { indexGraph } from "./graph-index";
import { callDepths } from "./topology-layout";
import type { ClusterGraph, GraphNode } from "./types";

/** Unhealthy objects listed at most. */
const MAX_UNHEALTHY = 25;
/** Call edges listed at most. */
const MAX_CALLS = 60;

/** One service as the topology tool reports it. */
export interface TopologyService {
  name: string;
  nodeId: string;
  status: string;
  unhealthy: boolean;
  /** Call depth from an entry service (0 = nobody calls it). */
  depth: number;
  deployments: string[];
  pods: number;
  podsNotReady: number;
  callers: string[];
  callees: string[];
  /** ConfigMaps and Secrets its workloads reference (ids). */
  config: string[];
}

/** The JSON the topology tool returns beside its text. */
export interface TopologyData {
  namespace: string;
  builtAt: string;
  services: TopologyService[];
  calls: { from: string; to: string; callRate: number | null; errorRatio: number | null; failing: boolean }[];
  unhealthy: { id: string; kind: string; status: string }[];
  counts: Record<string, number>;
  warnings: string[];
}

/** The tool's data from a graph (pure; exported for tests and the UI). */
export function topologyData(graph: ClusterGraph): TopologyData {
  const index = indexGraph(graph);
  const services = graph.nodes.filter((n) => n.kind === "Service");
  const calls = graph.edges.filter((e) => e.type === "calls");
  const depth = callDepths({ services: services.map((s) => s.id), calls });
  const outOf = (id: string, type: string) => (index.out.get(id) ?? []).filter((e) => e.type === type).map((e) => e.to);
  const into = (id: string, type: string) => (index.in.get(id) ?? []).filter((e) => e.type === type).map((e) => e.from);
  const nameOf = (id: string) => index.nodes.get(id)?.name ?? id;
  const counts: Record<string, number> = {};
  for (const node of graph.nodes) counts[node.kind] = (counts[node.kind] ?? 0) + 1;
  return {
    namespace: graph.namespace,
    builtAt: graph.builtAt,
    services: services
      .map((s): TopologyService => {
        const pods = outOf(s.id, "selects").map((p) => index.nodes.get(p)).filter((p): p is GraphNode => p !== undefined);
        const deployments = outOf(s.id, "targets");
        return {
          name: s.name,
          nodeId: s.id,
          status: s.status,
          unhealthy: s.unhealthy,
          depth: depth[s.id] ?? 0,
          deployments: deployments.map(nameOf),
          pods: pods.length,
          podsNotReady: pods.filter((p) => p.unhealthy).length,
          callers: into(s.id, "calls").map(nameOf),
          callees: outOf(s.id, "calls").map(nameOf),
          config: [...new Set(deployments.flatMap((d) => outOf(d, "references")))].sort(),
        };
      })
      .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name)),
    calls: calls.map((e) => ({
      from: nameOf(e.from),
      to: nameOf(e.to),
      callRate: typeof e.attrs.callRate === "number" ? e.attrs.callRate : null,
      errorRatio: typeof e.attrs.errorRatio === "number" ? e.attrs.errorRatio : null,
      failing: e.attrs.failing === true,
    })),
    unhealthy: graph.nodes.filter((n) => n.unhealthy).map((n) => ({ id: n.id, kind: n.kind, status: n.status })),
    counts,
    warnings: graph.warnings,
  };
}

/** The tool's text from a graph (pure). */
export function topologyText(graph: ClusterGraph, data: TopologyData = topologyData(graph)): { text: string; truncated: boolean } {
  const index = indexGraph(graph);
  const c = data.counts;
  const lines = [
    `Topology of namespace ${graph.namespace} at ${graph.builtAt}: ${c.Service ?? 0} services, ${data.calls.length} call edges, ${c.Deployment ?? 0} deployments, ${c.Pod ?? 0} pods (${graph.nodes.filter((n) => n.kind === "Pod" && n.unhealthy).length} not ready)`,
  ];
  let truncated = false;
  lines.push("", "Calls (caller -> callee: calls/s, error ratio over the last 2 minutes):");
  const callEdges = graph.edges.filter((e) => e.type === "calls").sort((a, b) => Number(b.attrs.failing === true) - Number(a.attrs.failing === true) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const boundedCalls = boundList(callEdges, { max: MAX_CALLS, noun: "call edges", hint: "use query_graph upstream/downstream for one service" });
  for (const e of boundedCalls.items) lines.push(`  ${index.nodes.get(e.from)?.name ?? e.from} -> ${index.nodes.get(e.to)?.name ?? e.to}: ${edgeFacts(e)}`);
  if (callEdges.length === 0) lines.push("  (none seen in telemetry)");
  if (boundedCalls.note) lines.push(`  ${boundedCalls.note}`);
  truncated ||= boundedCalls.omitted > 0;

  lines.push("", "Services by call depth (0 = entry point):");
  for (const s of data.services) {
    const facts = [
      `depth ${s.depth}`,
      s.status,
      s.deployments.length ? `deploy ${s.deployments.join(", ")}` : "no Deployment selected",
      `pods ${s.pods - s.podsNotReady}/${s.pods} ready`,
      s.callees.length ? `calls ${s.callees.join(", ")}` : "",
      s.config.length ? `config ${s.config.map(shortLabel).join(", ")}` : "",
    ].filter(Boolean);
    lines.push(`  ${s.unhealthy ? "✗" : "✓"} ${s.name}: ${facts.join("; ")}`);
  }

  const unhealthy = graph.nodes.filter((n) => n.unhealthy && n.kind !== "Service");
  lines.push("", `Unhealthy objects (${unhealthy.length}):`);
  const boundedUnhealthy = boundList(unhealthy, { max: MAX_UNHEALTHY, noun: "objects", hint: "use query_graph neighbours on one" });
  for (const n of boundedUnhealthy.items) lines.push(`  ${nodeLabel(n)}`);
  if (unhealthy.length === 0) lines.push("  (none)");
  if (boundedUnhealthy.note) lines.push(`  ${boundedUnhealthy.note}`);
  truncated ||= boundedUnhealthy.omitted > 0;
  if (graph.warnings.length) lines.push("", `Warnings: ${graph.warnings.join("; ")}`);
  return { text: lines.join("\n"), truncated };
}

export const topologyTool = defineTool({
  name: "topology",
  description:
    "Show a namespace's topology: the service call graph seen in telemetry (calls/s and error ratio per edge, failing edges first), each service's call depth, Deployment, ready pods and referenced ConfigMaps/Secrets, and every unhealthy Kubernetes object. Start here to see how a failure propagates; then use query_graph.",
  parameters: z.object({ namespace: namespaceParam }).strict(),
  maxOutputChars: 10_000,
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const graph = await graphForTool({ ctx, namespace });
    if (!graph.nodes.some((n) => n.namespace === namespace)) return toolError(`namespace ${namespace} has no objects (does it exist?)${graph.warnings.length ? `; ${graph.warnings.join("; ")}` : ""}`);
    const data = topologyData(graph);
    const { text, truncated } = topologyText(graph, data);
    return toolOk(text, { data, truncated });
  },
});
