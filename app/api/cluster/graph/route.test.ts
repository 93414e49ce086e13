/**
 * GET /api/cluster/graph in-process, wired from the environment to a simulated shop exactly as
 * the app wires it (kubeconfig, simulator metrics source, cluster clock).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgentTestShop, type AgentTestShop } from "@/lib/agents/testing/scenario-pipeline";
import { resetEnvCache } from "@/lib/env";
import { resetAppGraphForTests } from "@/lib/graph/app-graph";
import type { ClusterGraphView } from "@/lib/graph/cluster-graph-view";
import { DEFAULT_MIN_REBUILD_INTERVAL_MS } from "@/lib/graph/graph-refresher";
import { GET } from "./route";

let t: AgentTestShop;
let dataDir: string;
const saved = { ...process.env };

async function get(query: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await GET(new Request(`http://localhost/api/cluster/graph${query}`, { headers: { authorization: "Bearer operator-token-0123456789" } }), { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await startAgentTestShop(3);
  dataDir = mkdtempSync(join(tmpdir(), "graph-route-"));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    LOG_LEVEL: "error",
    OPERATOR_TOKEN: "operator-token-0123456789",
    SIM_ENABLED: "false",
    KUBECONFIG: t.sim.kubeconfigPath,
    METRICS_SOURCE: "simulator",
    SIM_PORT: new URL(t.sim.url).port,
  });
  resetEnvCache();
  await resetAppGraphForTests();
}, 120_000);

afterAll(async () => {
  await resetAppGraphForTests();
  process.env = saved;
  resetEnvCache();
  await t?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("GET /api/cluster/graph", () => {
  it("returns the shop's graph with each service's health and its parts", async () => {
    const { status, body } = await get("?namespace=shop");
    expect(status).toBe(200);
    const view = body as unknown as ClusterGraphView & { refreshedAt: string };
    expect(view.namespace).toBe("shop");
    expect(view.namespaces).toEqual(expect.arrayContaining(["default", "shop"]));
    expect(view.graph.nodes.some((n) => n.id === "Service/shop/checkout")).toBe(true);
    expect(view.graph.edges.some((e) => e.type === "calls" && e.from === "Service/shop/frontend")).toBe(true);
    expect(view.healthError).toBeNull();
    const checkout = view.health?.services.find((s) => s.service === "checkout");
    expect(checkout).toMatchObject({ nodeId: "Service/shop/checkout", parts: { scores: { availability: expect.any(Number), errors: expect.any(Number), latency: expect.any(Number), pods: expect.any(Number) } } });
    expect(checkout?.score).toBeGreaterThan(90);
  });

  it("picks the first application namespace when none is given", async () => {
    const { status, body } = await get("");
    expect(status).toBe(200);
    expect(body.namespace).toBe("shop");
  });

  it("answers 404 for a namespace that does not exist", async () => {
    const { status, body } = await get("?namespace=nope");
    expect(status).toBe(404);
    expect(body.error).toMatchObject({ code: "not_found", message: 'namespace "nope" does not exist in the cluster' });
  });

  it("answers 400 naming the parameter for a bad query", async () => {
    const bad = await get("?namespace=Not_A_Namespace");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "bad_request", issues: [{ path: "namespace", message: expect.stringContaining("Kubernetes namespace name") }] });
    const refresh = await get("?namespace=shop&refresh=maybe");
    expect(refresh.status).toBe(400);
    expect(refresh.body.error).toMatchObject({ issues: [{ path: "refresh", message: "must be true or false" }] });
  });

  it("rebuilds on refresh=true, at most every few seconds, and shows a fault injected since", async () => {
    const before = (await get("?namespace=shop")).body as unknown as ClusterGraphView & { refreshedAt: string };
    t.shop.scenarios.inject("service-wrong-target-port");
    await t.advance(30);
    const cart = (view: ClusterGraphView) => view.graph.nodes.find((n) => n.id === "Service/shop/cart");
    // Within the minimum rebuild interval a refresh is answered from the cache: the cost stays bounded.
    const tooSoon = (await get("?namespace=shop&refresh=true")).body as unknown as ClusterGraphView & { refreshedAt: string };
    expect(tooSoon.refreshedAt).toBe(before.refreshedAt);
    await new Promise((resolve) => setTimeout(resolve, DEFAULT_MIN_REBUILD_INTERVAL_MS + 100));
    const after = (await get("?namespace=shop&refresh=true")).body as unknown as ClusterGraphView & { refreshedAt: string };
    expect(after.refreshedAt).not.toBe(before.refreshedAt);
    expect(cart(after)).toMatchObject({ status: "targetPort mismatch", unhealthy: true });
  }, 30_000);
});
