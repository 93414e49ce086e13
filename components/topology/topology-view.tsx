"use client";

import { useMemo, type KeyboardEvent } from "react";
import type { GraphHealthView } from "@/lib/graph/cluster-graph-view";
import { edgeFacts } from "@/lib/graph/describe-graph";
import { indexGraph } from "@/lib/graph/graph-index";
import { healthBand, serviceMarks, type TopologyHighlight } from "@/lib/graph/topology-highlight";
import { layoutTopology } from "@/lib/graph/topology-layout";
import type { ClusterGraph, GraphEdge, GraphNode } from "@/lib/graph/types";

/** Props of `TopologyView`. */
export interface TopologyViewProps {
  graph: ClusterGraph;
  /** Per-service health; services without a score are drawn as unknown. */
  health?: GraphHealthView | null;
  /** The incident's faulty object and blast radius (service names or node ids). */
  highlight?: TopologyHighlight;
  /** Service node id shown as selected. */
  selected?: string | null;
  /** Called with a Service node id when a service is clicked or chosen with Enter/Space. */
  onSelect?: (serviceId: string) => void;
  /** Accessible name of the drawing. */
  label?: string;
}

/** Error ratio above which an edge label is printed (below, the edge is quiet). */
const LABEL_ERROR_RATIO = 0.01;

/** Text cut to fit a box (the full text is in the node's title and accessible name). */
function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function podCounts(graph: ClusterGraph, service: GraphNode): { ready: number; total: number } {
  const index = indexGraph(graph);
  const pods = (index.out.get(service.id) ?? []).filter((e) => e.type === "selects").map((e) => index.nodes.get(e.to));
  return { ready: pods.filter((p) => p && !p.unhealthy).length, total: pods.length };
}

function edgePath(from: { x: number; y: number }, to: { x: number; y: number }, width: number, height: number): { d: string; mx: number; my: number } {
  const x1 = from.x + width;
  const y1 = from.y + height / 2;
  const x2 = to.x;
  const y2 = to.y + height / 2;
  if (x2 > x1) {
    const bend = (x2 - x1) / 2;
    return { d: `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`, mx: (x1 + x2) / 2, my: (y1 + y2) / 2 };
  }
  // A call back to an earlier column (a cycle): loop below the boxes instead of crossing them.
  const low = Math.max(from.y, to.y) + height + 14;
  return { d: `M ${from.x + width / 2} ${from.y + height} C ${from.x + width / 2} ${low}, ${to.x + width / 2} ${low}, ${to.x + width / 2} ${to.y + height}`, mx: (from.x + to.x + width) / 2, my: low - 4 };
}

/**
 * The call graph of a namespace as an SVG: one column per call depth, each service a focusable
 * box coloured by its health band with the band's glyph and H as text, calls as arrows labelled
 * with their error ratio (failing calls dashed and thick), the faulty object's services outlined
 * and the blast radius marked. Presentational: data comes in as props.
 */
export function TopologyView({ graph, health, highlight, selected, onSelect, label }: TopologyViewProps) {
  const services = useMemo(() => graph.nodes.filter((n) => n.kind === "Service"), [graph]);
  const calls = useMemo(() => graph.edges.filter((e) => e.type === "calls"), [graph]);
  const layout = useMemo(() => layoutTopology({ services: services.map((s) => s.id), calls }), [services, calls]);
  const marks = useMemo(() => serviceMarks(graph, highlight), [graph, highlight]);
  const scores = useMemo(() => new Map((health?.services ?? []).filter((s) => s.nodeId).map((s) => [s.nodeId as string, s.score])), [health]);
  const { nodeWidth: w, nodeHeight: h } = layout.sizes;
  const position = new Map(layout.services.map((p) => [p.id, p]));
  const byId = new Map(services.map((s) => [s.id, s]));

  if (services.length === 0) return <p className="muted">No services in namespace {graph.namespace} yet.</p>;

  const keyDown = (id: string) => (event: KeyboardEvent<SVGGElement>) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect?.(id);
    }
  };
  const edgeLabel = (edge: GraphEdge) => {
    const ratio = typeof edge.attrs.errorRatio === "number" ? edge.attrs.errorRatio : null;
    return ratio !== null && ratio >= LABEL_ERROR_RATIO ? `${(ratio * 100).toFixed(ratio >= 0.1 ? 0 : 1)}% err` : null;
  };

  return (
    <figure className="topology" data-testid="topology">
      <svg viewBox={`0 0 ${layout.width} ${layout.height + 24}`} role="group" aria-label={label ?? `Call graph of namespace ${graph.namespace}`} className="topology-svg">
        <defs>
          <marker id="topology-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="topology-arrowhead" />
          </marker>
          <marker id="topology-arrow-failing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="topology-arrowhead failing" />
          </marker>
        </defs>
        {calls.map((edge) => {
          const from = position.get(edge.from);
          const to = position.get(edge.to);
          if (!from || !to) return null;
          const failing = edge.attrs.failing === true;
          const { d, mx, my } = edgePath(from, to, w, h);
          const text = edgeLabel(edge);
          const fromName = byId.get(edge.from)?.name ?? edge.from;
          const toName = byId.get(edge.to)?.name ?? edge.to;
          return (
            <g key={`${edge.from}->${edge.to}`} className={`topology-edge${failing ? " failing" : ""}`} data-testid="topology-edge" data-failing={failing}>
              <title>{`${fromName} -> ${toName}: ${edgeFacts(edge)}`}</title>
              <path d={d} markerEnd={`url(#${failing ? "topology-arrow-failing" : "topology-arrow"})`} />
              {text ? (
                <text x={mx} y={my - 4} textAnchor="middle" className="topology-edge-label">
                  {failing ? "✗ " : ""}
                  {text}
                </text>
              ) : null}
            </g>
          );
        })}
        {layout.services.map((placed) => {
          const service = byId.get(placed.id);
          if (!service) return null;
          const score = scores.get(service.id);
          const band = healthBand(score);
          const pods = podCounts(graph, service);
          const isFaulty = marks.faulty.has(service.id);
          const inBlast = marks.blast.has(service.id);
          const classes = ["topology-node", `health-${band.band}`, isFaulty ? "faulty" : "", inBlast ? "blast" : "", selected === service.id ? "selected" : ""].filter(Boolean).join(" ");
          const state = service.attrs.missing ? "Service object missing" : service.status;
          const name = `${service.name}: ${band.band}${score !== undefined ? `, health ${Math.round(score)} of 100` : ""}; ${pods.ready} of ${pods.total} pods ready; ${state}${isFaulty ? `; faulty${marks.faultLabel ? ` (${marks.faultLabel})` : ""}` : ""}${inBlast ? "; in the blast radius" : ""}`;
          return (
            <g
              key={service.id}
              className={classes}
              transform={`translate(${placed.x} ${placed.y})`}
              tabIndex={0}
              role="button"
              aria-label={name}
              aria-pressed={selected === service.id}
              data-testid="topology-node"
              data-service={service.name}
              data-health={band.band}
              onClick={() => onSelect?.(service.id)}
              onKeyDown={keyDown(service.id)}
            >
              <title>{name}</title>
              <rect width={w} height={h} rx={8} className="topology-box" />
              <text x={10} y={20} className="topology-name">
                {clip(service.name, 20)}
              </text>
              <text x={10} y={38} className="topology-facts">
                <tspan className="topology-icon">{band.icon}</tspan> {score !== undefined ? `H ${Math.round(score)}` : "H n/a"} · {pods.ready}/{pods.total} pods
              </text>
              {isFaulty || inBlast || service.attrs.missing ? (
                <text x={10} y={52} className="topology-mark">
                  {clip(isFaulty ? `◆ fault${marks.faultLabel ? `: ${marks.faultLabel}` : ""}` : inBlast ? "◇ blast radius" : "missing Service", 26)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="topology-legend">
        <span className="health-healthy">✓ healthy (H ≥ 90)</span>
        <span className="health-degraded">! degraded (H ≥ 60)</span>
        <span className="health-unhealthy">✗ unhealthy</span>
        <span className="health-unknown">? no measurement</span>
        <span>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="topology-legend-failing" />
          </svg>{" "}
          failing calls (error ratio &gt; 5%)
        </span>
        {highlight?.faulty ? <span>◆ faulty object · ◇ blast radius</span> : null}
      </figcaption>
    </figure>
  );
}
