/**
 * The topology view rendered to markup (no browser): every service is a focusable, labelled
 * button whose health reads as a glyph and words as well as a colour, failing calls are marked,
 * and an incident's faulty object and blast radius show on the right services.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TopologyView } from "@/components/topology/topology-view";
import type { GraphHealthView } from "@/lib/graph/cluster-graph-view";
import { graphFromSnapshot } from "@/lib/graph/graph-from-snapshot";
import { NS, SMALL_CALLS, smallSnapshot } from "@/lib/graph/testing/small-snapshot";

const graph = graphFromSnapshot({ snapshot: smallSnapshot(), callEdges: SMALL_CALLS, telemetryServices: ["api", "db", "web"] });

function healthOf(scores: Record<string, number>): GraphHealthView {
  const parts = (score: number) => ({ scores: { availability: 1, errors: score / 100, latency: 1, pods: 1 } }) as unknown as GraphHealthView["services"][number]["parts"];
  return {
    at: graph.builtAt,
    score: 50,
    aggregate: { score: 50, min: 20, mean: 70, worst: "web" },
    services: Object.entries(scores).map(([service, score]) => ({ service, nodeId: `Service/${NS}/${service}`, score, parts: parts(score) })),
  };
}

const render = (props: Parameters<typeof TopologyView>[0]) => renderToStaticMarkup(createElement(TopologyView, props));

describe("TopologyView", () => {
  it("draws each service as a focusable button labelled with its health in words", () => {
    const html = render({ graph, health: healthOf({ web: 20, api: 75, db: 99 }) });
    expect(html.match(/data-testid="topology-node"/g)).toHaveLength(3);
    expect(html.match(/tabindex="0"/g)).toHaveLength(3);
    expect(html).toContain('aria-label="web: unhealthy, health 20 of 100; 1 of 1 pods ready; 1 ready endpoints"');
    expect(html).toContain('data-service="api" data-health="degraded"');
    expect(html).toContain('data-service="db" data-health="healthy"');
    expect(html).toContain("✗</tspan> H 20");
  });

  it("marks failing calls with a dashed style and their error ratio in text", () => {
    const html = render({ graph, health: null });
    expect(html).toMatch(/class="topology-edge failing"[^>]*data-failing="true"/);
    expect(html).toContain(">✗ 40% err</text>");
    expect(html).toContain('data-health="unknown"');
  });

  it("outlines the services behind the faulty object and marks the blast radius", () => {
    const html = render({ graph, health: null, highlight: { faulty: { kind: "ConfigMap", name: "api-config" } } });
    expect(html).toMatch(/class="topology-node health-unknown faulty"[^>]*data-service="api"/);
    expect(html).toMatch(/class="topology-node health-unknown blast"[^>]*data-service="web"/);
    expect(html).toContain('aria-label="api: unknown; 1 of 2 pods ready; 1 ready endpoints; faulty (ConfigMap/api-config)"');
    expect(html).toMatch(/class="topology-mark">◆ fault: ConfigMap\/api-co/);
  });

  it("says so when there is nothing to draw", () => {
    expect(render({ graph: { ...graph, nodes: [], edges: [] } })).toContain("No services in namespace demo yet.");
  });
});
