/**
 * The knowledge graph of the simulated demo shop, read through lib/cluster and the simulator's
 * metrics source like a real cluster: healthy, after the shipping Service's selector is broken
 * (service-selector-mismatch), and after the fix.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentTestShop, type AgentTestShop } from "../agents/testing/scenario-pipeline";
import { SHOP_NAMESPACE } from "../sim/shop/topology";
import { buildToolRegistry } from "../tools/registry";
import { runTool } from "../tools/run-tool";
import type { ToolContext } from "../tools/types";
import { buildClusterGraph } from "./build-cluster-graph";
import { blastRadius, findPath } from "./graph-queries";
import { GRAPH_TOOLS } from "./tools";
import type { ClusterGraph } from "./types";

const SCENARIO = "service-selector-mismatch";
const id = (kind: string, name: string) => `${kind}/${SHOP_NAMESPACE}/${name}`;

let t: AgentTestShop;
let ctx: ToolContext;
const tools = buildToolRegistry(GRAPH_TOOLS);

const build = (previous?: ClusterGraph) => buildClusterGraph({ clients: t.clients, metrics: t.metrics, namespace: SHOP_NAMESPACE, now: t.sim.clock.now(), ...(previous ? { previous } : {}) });
const edge = (g: ClusterGraph, from: string, to: string, type: string) => g.edges.find((e) => e.from === from && e.to === to && e.type === type);
const node = (g: ClusterGraph, nodeId: string) => g.nodes.find((n) => n.id === nodeId);

async function toolText(name: string, params: Record<string, unknown>): Promise<string> {
  const result = await runTool(ctx, name, params, { tools });
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.output;
}

beforeAll(async () => {
  t = await startAgentTestShop(11);
  ctx = { clients: t.clients, metrics: t.metrics, defaultNamespace: SHOP_NAMESPACE, now: () => t.sim.clock.now() };
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

describe("knowledge graph of the simulated shop", () => {
  let healthy: ClusterGraph;

  it("maps the healthy shop: objects, references and the call graph", async () => {
    healthy = await build();
    expect(healthy.warnings).toEqual([]);
    const shipping = node(healthy, id("Service", "shipping"));
    expect(shipping).toMatchObject({ unhealthy: false, attrs: { telemetry: "shipping" } });
    expect(healthy.edges.filter((e) => e.from === id("Service", "shipping") && e.type === "selects").length).toBeGreaterThan(0);
    expect(edge(healthy, id("Service", "shipping"), id("Deployment", "shipping"), "targets")).toBeDefined();
    expect(edge(healthy, id("Service", "checkout"), id("Service", "shipping"), "calls")?.attrs).toMatchObject({ failing: false });
    expect(edge(healthy, id("Deployment", "checkout"), id("ConfigMap", "checkout-config"), "references")?.attrs).toMatchObject({ broken: false });
    expect(healthy.nodes.filter((n) => n.kind === "Service" && n.unhealthy).map((n) => n.name)).toEqual([]);
    // Secret values never reach the graph; key names do.
    expect(healthy.nodes.some((n) => n.kind === "Secret")).toBe(true);
    expect(JSON.stringify(healthy)).not.toMatch(/password"?:\s*"[^"]/i);

    const path = findPath({ graph: healthy, from: id("Service", "frontend"), to: id("ConfigMap", "checkout-config") });
    expect(path.found && path.hops.map((h) => h.to)).toEqual([id("Service", "checkout"), id("Deployment", "checkout"), id("ConfigMap", "checkout-config")]);
  });

  it("a second read of an unchanged cluster at the same instant gives the same graph", async () => {
    expect(await build(healthy)).toEqual(healthy);
  });

  it("after the fault: the Service selects nothing, its callers' calls fail, and the path leads there", async () => {
    t.shop.scenarios.inject(SCENARIO);
    await t.advance(150);
    const broken = await build(healthy);
    expect(node(broken, id("Service", "shipping"))).toMatchObject({ status: "no ready endpoints", unhealthy: true, attrs: { selector: "app=shipping-v2", selectedPods: 0 } });
    expect(broken.edges.filter((e) => e.from === id("Service", "shipping") && (e.type === "selects" || e.type === "targets"))).toEqual([]);
    // The pods are still there and healthy: only the Service lost them.
    expect(broken.nodes.filter((n) => n.kind === "Pod" && n.attrs.app === "shipping" && !n.unhealthy).length).toBeGreaterThan(0);
    const call = edge(broken, id("Service", "checkout"), id("Service", "shipping"), "calls");
    expect(call?.attrs.failing).toBe(true);
    expect(Number(call?.attrs.errorRatio)).toBeGreaterThan(0.5);

    // frontend calls shipping itself (for quotes) as well as through checkout: the shortest chain wins.
    const path = findPath({ graph: broken, from: id("Service", "frontend"), to: id("Service", "shipping") });
    expect(path.found && path.callChain).toEqual([id("Service", "frontend"), id("Service", "shipping")]);
    expect(edge(broken, id("Service", "frontend"), id("Service", "shipping"), "calls")?.attrs.failing).toBe(true);
    expect(blastRadius({ graph: broken, id: id("Service", "shipping") }).upstreamCallers).toEqual(expect.arrayContaining([id("Service", "checkout"), id("Service", "frontend")]));

    const topology = await toolText("topology", {});
    expect(topology).toMatch(/checkout -> shipping: [\d.]+\/s, [\d.]+% errors, FAILING/);
    expect(topology).toContain("✗ shipping:");
    const neighbours = await toolText("query_graph", { query: "neighbours", object: "shipping", direction: "out" });
    expect(neighbours).not.toContain("-selects->");
  });

  it("after the fix: the selector matches the pods again and the calls recover", async () => {
    t.shop.scenarios.fix(SCENARIO);
    await t.advance(200);
    const fixed = await build();
    expect(node(fixed, id("Service", "shipping"))).toMatchObject({ unhealthy: false, attrs: { selector: "app=shipping" } });
    expect(edge(fixed, id("Service", "shipping"), id("Deployment", "shipping"), "targets")).toBeDefined();
    expect(fixed.edges.filter((e) => e.from === id("Service", "shipping") && e.type === "selects").length).toBeGreaterThan(0);
    expect(edge(fixed, id("Service", "checkout"), id("Service", "shipping"), "calls")?.attrs.failing).toBe(false);
    const path = await toolText("query_graph", { query: "path", object: "checkout", target: "Deployment/shipping" });
    expect(path).toContain("Service/checkout -calls-> Service/shipping -targets-> Deployment/shipping");
  });
});
