/**
 * The graph tools' contract with a model: parameters are validated with messages naming the
 * field, and answers on a known graph read as an SRE would write them.
 */
import { describe, expect, it } from "vitest";
import { buildToolRegistry } from "../tools/registry";
import { runTool } from "../tools/run-tool";
import type { ClusterClients } from "../cluster/client";
import type { ToolContext } from "../tools/types";
import { graphFromSnapshot } from "./graph-from-snapshot";
import { answerGraphQuery, queryGraphParams } from "./query-graph-tool";
import { NS, SMALL_CALLS, smallSnapshot } from "./testing/small-snapshot";
import { topologyData, topologyText } from "./topology-tool";
import { GRAPH_TOOLS } from "./tools";

const tools = buildToolRegistry(GRAPH_TOOLS);
// Parameter validation happens before any cluster read: a context whose clients would throw proves it.
const ctx: ToolContext = { clients: {} as ClusterClients, defaultNamespace: NS, now: () => new Date("2026-03-01T10:00:00Z") };
const graph = () => graphFromSnapshot({ snapshot: smallSnapshot(), callEdges: SMALL_CALLS, telemetryServices: ["api", "db", "web"] });

async function paramError(name: string, params: Record<string, unknown>): Promise<string> {
  const result = await runTool(ctx, name, params, { tools });
  if (result.ok) throw new Error(`${name} accepted ${JSON.stringify(params)}`);
  return result.error;
}

describe("graph tool parameters", () => {
  it("names the field a model got wrong", async () => {
    expect(await paramError("query_graph", { query: "path", object: "web" })).toBe("target: required when query is path (the candidate cause)");
    expect(await paramError("query_graph", { query: "callers", object: "web" })).toMatch(/^query: /);
    expect(await paramError("query_graph", { query: "neighbours" })).toMatch(/^object: /);
    expect(await paramError("query_graph", { query: "neighbours", object: "web; rm -rf" })).toMatch(/^object: must be an object name/);
    expect(await paramError("query_graph", { query: "upstream", object: "web", direction: "in" })).toBe("direction: only used when query is neighbours");
    expect(await paramError("query_graph", { query: "neighbours", object: "web", edgeTypes: ["knows"] })).toMatch(/^edgeTypes\.0: /);
    expect(await paramError("query_graph", { query: "upstream", object: "web", maxDepth: 99 })).toMatch(/^maxDepth: /);
    expect(await paramError("query_graph", { query: "blast_radius", object: "web", colour: "red" })).toBe("colour: unknown parameter");
    expect(await paramError("topology", { namespace: "Shop!" })).toMatch(/^namespace: must be a Kubernetes namespace name/);
  });

  it("describes every parameter for the model", () => {
    for (const tool of GRAPH_TOOLS) {
      for (const [field, schema] of Object.entries(tool.parameters.shape)) expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
    }
    expect(queryGraphParams.safeParse({ query: "path", object: "web", target: "ConfigMap/api-config" }).success).toBe(true);
  });
});

describe("graph tool answers", () => {
  it("topology lists failing calls first, services by depth, and unhealthy objects", () => {
    const g = graph();
    const data = topologyData(g);
    expect(data.services.map((s) => [s.name, s.depth, s.pods, s.podsNotReady])).toEqual([
      ["web", 0, 1, 0],
      ["api", 1, 2, 1],
      ["db", 2, 1, 0],
    ]);
    expect(data.services.find((s) => s.name === "api")?.config).toEqual([`ConfigMap/${NS}/api-config`, `Secret/${NS}/api-secret`]);
    const { text } = topologyText(g, data);
    expect(text).toContain("web -> api: 5.00/s, 40.0% errors, FAILING");
    expect(text.indexOf("web -> api")).toBeLessThan(text.indexOf("api -> db"));
    expect(text).toContain("✓ api: depth 1; 1 ready endpoints; deploy api; pods 1/2 ready; calls db; config ConfigMap/api-config, Secret/api-secret");
    expect(text).toContain("Pod/api-1-b [CrashLoopBackOff]");
  });

  it("query_graph answers path, upstream and blast radius in words and data", () => {
    const g = graph();
    const path = answerGraphQuery(g, { query: "path", object: "web", target: "ConfigMap/api-config" });
    expect(path.ok && path.output).toContain("Service/web -calls-> Service/api -targets-> Deployment/api -references-> ConfigMap/api-config");
    const upstream = answerGraphQuery(g, { query: "upstream", object: "db" });
    expect(upstream.ok && upstream.output).toMatch(/depth 1: Service\/api .*\n.*depth 2: Service\/web/);
    const radius = answerGraphQuery(g, { query: "blast_radius", object: "Node/node-2" });
    expect(radius.ok && radius.output).toContain("Upstream callers (1):\n  Service/web");
    const neighbours = answerGraphQuery(g, { query: "neighbours", object: "Pod/api-1-b", direction: "in" });
    expect(neighbours.ok && neighbours.output).toContain("<-endpoints- Endpoints/api [1 ready, 1 not ready] (not ready)");
  });

  it("query_graph tells the model what to fix instead of throwing", () => {
    const g = graph();
    expect(answerGraphQuery(g, { query: "upstream", object: "Deployment/api" })).toEqual({ ok: false, error: expect.stringContaining("is a Deployment; upstream follows calls between services") });
    expect(answerGraphQuery(g, { query: "path", object: "web", target: "ConfigMap/nope" })).toEqual({ ok: false, error: expect.stringMatching(/^target: no ConfigMap named "nope"/) });
    expect(answerGraphQuery(g, { query: "neighbours", object: "cart" })).toEqual({ ok: false, error: expect.stringMatching(/^object: nothing named "cart".*services: api, db, web/) });
  });
});
