/**
 * What the topology view marks on each service: its health band (with a glyph and a word, so
 * colour is never the only signal), whether the incident's faulty object is it or sits behind it,
 * and whether it is in the blast radius. Pure, so the browser and the tests share it.
 */
import { indexGraph } from "./graph-index";
import { blastRadius } from "./graph-queries";
import { graphNodeId, isGraphNodeKind, type ClusterGraph } from "./types";

/** Health bands of H: at or above 90 healthy, at or above 60 degraded, below unhealthy. */
export const HEALTH_BANDS = [
  { band: "healthy", min: 90, icon: "✓" },
  { band: "degraded", min: 60, icon: "!" },
  { band: "unhealthy", min: 0, icon: "✗" },
] as const;

export type HealthBand = (typeof HEALTH_BANDS)[number]["band"] | "unknown";

/** The band of a score (unknown when there is no measurement). */
export function healthBand(score: number | null | undefined): { band: HealthBand; icon: string } {
  if (score === null || score === undefined || !Number.isFinite(score)) return { band: "unknown", icon: "?" };
  const found = HEALTH_BANDS.find((b) => score >= b.min);
  return found ? { band: found.band, icon: found.icon } : { band: "unhealthy", icon: "✗" };
}

/** What an incident asks the view to highlight. */
export interface TopologyHighlight {
  /** The diagnosed faulty object (any kind the graph knows). */
  faulty?: { kind: string; name: string };
  /** Service names or node ids in the blast radius. */
  blastRadius?: readonly string[];
}

/** Per-service marks, by Service node id. */
export interface ServiceMarks {
  /** Services that are the faulty object or run the workload it belongs to. */
  faulty: Set<string>;
  /** Services in the blast radius (given, or computed from the faulty object when not given). */
  blast: Set<string>;
  /** `ConfigMap/checkout-config` when the faulty object is not itself a Service; shown on its services. */
  faultLabel: string | null;
  /** The faulty object's node id, or null when the graph does not hold it. */
  faultyNodeId: string | null;
}

/** Resolves a highlight against the graph. */
export function serviceMarks(graph: ClusterGraph, highlight: TopologyHighlight | undefined): ServiceMarks {
  const index = indexGraph(graph);
  const marks: ServiceMarks = { faulty: new Set(), blast: new Set(), faultLabel: null, faultyNodeId: null };
  const faulty = highlight?.faulty;
  if (faulty && isGraphNodeKind(faulty.kind)) {
    const nodeId = graphNodeId(faulty.kind, faulty.name, faulty.kind === "Namespace" || faulty.kind === "Node" ? undefined : graph.namespace);
    if (index.nodes.has(nodeId)) {
      marks.faultyNodeId = nodeId;
      const radius = blastRadius({ graph, id: nodeId });
      for (const s of radius.services) marks.faulty.add(s);
      if (faulty.kind !== "Service") marks.faultLabel = `${faulty.kind}/${faulty.name}`;
      if (!highlight?.blastRadius) for (const s of radius.upstreamCallers) marks.blast.add(s);
    }
  }
  for (const entry of highlight?.blastRadius ?? []) {
    const id = index.nodes.has(entry) ? entry : graphNodeId("Service", entry, graph.namespace);
    if (index.nodes.get(id)?.kind === "Service") marks.blast.add(id);
  }
  return marks;
}
