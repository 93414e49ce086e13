/**
 * Graph nodes and edges in the words the tools print: short labels a model can pass back to
 * `query_graph` (`Service/cart`, `ConfigMap/checkout-config`) and the facts an edge carries.
 */
import type { GraphEdge, GraphNode } from "./types";

/** `Service/cart`: kind and name, the namespace left out (a graph is one namespace). */
export function shortLabel(id: string): string {
  const parts = id.split("/");
  return parts.length === 3 ? `${parts[0]}/${parts[2]}` : id;
}

/** `Pod/cart-7d9f-x2k [CrashLoopBackOff]`. */
export function nodeLabel(node: GraphNode): string {
  return `${shortLabel(node.id)} [${node.status}]`;
}

/** `12.3%`, or `n/a`. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? "n/a" : `${(value * 100).toFixed(1)}%`;
}

/** The facts of an edge worth printing, or "" (`4.20/s, 62.0% errors, FAILING`; `keys PASSWORD; BROKEN`). */
export function edgeFacts(edge: GraphEdge): string {
  const a = edge.attrs;
  switch (edge.type) {
    case "calls":
      return `${typeof a.callRate === "number" ? a.callRate.toFixed(2) : "?"}/s, ${percent(typeof a.errorRatio === "number" ? a.errorRatio : null)} errors${a.failing ? ", FAILING" : ""}`;
    case "references":
      return [a.keys ? `keys ${a.keys}` : "whole object", a.missingKeys ? `missing keys ${a.missingKeys}` : "", a.broken ? "BROKEN" : ""].filter(Boolean).join("; ");
    case "endpoints":
      return a.ready === undefined ? "" : a.ready ? "ready" : "not ready";
    default:
      return "";
  }
}
