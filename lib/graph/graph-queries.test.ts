/**
 * The knowledge graph on a small hand-built namespace (web -> api -> db): what the builder links,
 * and what the queries answer an SRE asking "who calls db", "how does web reach api-config",
 * "what does node-2 take down".
 */
import { describe, expect, it } from "vitest";
import { graphFromSnapshot } from "./graph-from-snapshot";
import { resolveNode, serviceNodeId } from "./graph-index";
import { blastRadius, downstreamServices, findPath, neighbours, upstreamServices } from "./graph-queries";
import { NS, SMALL_CALLS, smallSnapshot } from "./testing/small-snapshot";
import type { ClusterGraph } from "./types";

const id = (kind: string, name: string) => (kind === "Node" || kind === "Namespace" ? `${kind}/${name}` : `${kind}/${NS}/${name}`);

function graph(): ClusterGraph {
  return graphFromSnapshot({ snapshot: smallSnapshot(), callEdges: SMALL_CALLS, telemetryServices: ["api", "db", "web"] });
}

function hasEdge(g: ClusterGraph, from: string, to: string, type: string): boolean {
  return g.edges.some((e) => e.from === from && e.to === to && e.type === type);
}

describe("graphFromSnapshot", () => {
  it("links ownership, scheduling, selection, references, policies, quotas and calls", () => {
    const g = graph();
    expect(hasEdge(g, id("Deployment", "api"), id("ReplicaSet", "api-1"), "owns")).toBe(true);
    expect(hasEdge(g, id("ReplicaSet", "api-1"), id("Pod", "api-1-b"), "owns")).toBe(true);
    expect(hasEdge(g, id("Pod", "api-1-b"), id("Node", "node-2"), "scheduled-on")).toBe(true);
    expect(hasEdge(g, id("Service", "api"), id("Pod", "api-1-a"), "selects")).toBe(true);
    expect(hasEdge(g, id("Service", "api"), id("Deployment", "api"), "targets")).toBe(true);
    expect(hasEdge(g, id("Service", "api"), id("Endpoints", "api"), "endpoints")).toBe(true);
    expect(g.edges.find((e) => e.from === id("Endpoints", "api") && e.to === id("Pod", "api-1-b"))?.attrs.ready).toBe(false);
    expect(hasEdge(g, id("Deployment", "api"), id("ConfigMap", "api-config"), "references")).toBe(true);
    expect(hasEdge(g, id("Deployment", "api"), id("Secret", "api-secret"), "references")).toBe(true);
    expect(hasEdge(g, id("NetworkPolicy", "db-ingress"), id("Pod", "db-1-a"), "restricts")).toBe(true);
    expect(hasEdge(g, id("NetworkPolicy", "db-ingress"), id("Pod", "api-1-a"), "restricts")).toBe(false);
    expect(hasEdge(g, id("ResourceQuota", "compute"), id("Deployment", "web"), "limits")).toBe(true);
    const call = g.edges.find((e) => e.type === "calls" && e.from === id("Service", "web"));
    expect(call).toMatchObject({ to: id("Service", "api"), attrs: { callRate: 5, errorRatio: 0.4, failing: true } });
  });

  it("marks unhealthy objects with a state an SRE recognises", () => {
    const g = graph();
    const node = (i: string) => g.nodes.find((n) => n.id === i);
    expect(node(id("Pod", "api-1-b"))).toMatchObject({ status: "CrashLoopBackOff", unhealthy: true });
    expect(node(id("Pod", "api-1-a"))).toMatchObject({ status: "Running", unhealthy: false });
    expect(node(id("Service", "api"))).toMatchObject({ status: "1 ready endpoints", unhealthy: false });
    expect(node(id("ResourceQuota", "compute"))).toMatchObject({ status: "within limits", unhealthy: false });
  });

  it("keeps Secret key names and never a value", () => {
    const snapshot = smallSnapshot();
    const g = graphFromSnapshot({ snapshot });
    expect(g.nodes.find((n) => n.id === id("Secret", "api-secret"))?.attrs).toEqual({ keys: "password", type: "Opaque" });
  });

  it("shows a reference to a missing ConfigMap and a missing key as broken", () => {
    const snapshot = smallSnapshot();
    snapshot.configMaps = [];
    snapshot.secrets = [{ name: "api-secret", keys: ["user"], type: "Opaque" }];
    const g = graphFromSnapshot({ snapshot });
    expect(g.nodes.find((n) => n.id === id("ConfigMap", "api-config"))).toMatchObject({ status: "missing", unhealthy: true });
    expect(g.nodes.find((n) => n.id === id("Secret", "api-secret"))).toMatchObject({ status: "missing key password", unhealthy: true });
    expect(g.edges.find((e) => e.to === id("Secret", "api-secret") && e.type === "references")?.attrs).toMatchObject({ broken: true, missingKeys: "password" });
  });

  it("is deterministic: input order does not change the graph", () => {
    const shuffled = smallSnapshot();
    shuffled.pods.reverse();
    shuffled.services.reverse();
    shuffled.deployments.reverse();
    expect(graphFromSnapshot({ snapshot: shuffled, callEdges: [...SMALL_CALLS].reverse(), telemetryServices: ["web", "db", "api"] })).toEqual(graph());
  });

  it("keeps a service seen only in telemetry as a missing Service node", () => {
    const g = graphFromSnapshot({ snapshot: smallSnapshot(), callEdges: [...SMALL_CALLS, { from: "api", to: "payments", callRate: 1, errorRatio: 1 }] });
    expect(g.nodes.find((n) => n.id === id("Service", "payments"))).toMatchObject({ status: "missing", unhealthy: true, attrs: { missing: true, telemetry: "payments" } });
    expect(serviceNodeId(g, "payments")).toBe(id("Service", "payments"));
  });
});

describe("graph queries", () => {
  it("resolves names the way people and models write them", () => {
    const g = graph();
    expect(resolveNode(g, "api")).toMatchObject({ ok: true, node: { id: id("Service", "api") } });
    expect(resolveNode(g, "configmap/api-config")).toMatchObject({ ok: true, node: { kind: "ConfigMap" } });
    expect(resolveNode(g, "Node/node-2")).toMatchObject({ ok: true, node: { id: "Node/node-2" } });
    expect(resolveNode(g, id("Pod", "web-1-a"))).toMatchObject({ ok: true });
    const missing = resolveNode(g, "Deployment/cart");
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toContain("Deployments: api, db, web");
    expect(resolveNode(g, "Widget/x")).toMatchObject({ ok: false, error: expect.stringContaining('unknown kind "Widget"') });
  });

  it("lists neighbours by direction and edge type", () => {
    const g = graph();
    const out = neighbours({ graph: g, id: id("Service", "api"), direction: "out", edgeTypes: ["selects"] });
    expect(out.map((n) => n.node.id)).toEqual([id("Pod", "api-1-a"), id("Pod", "api-1-b")]);
    const callers = neighbours({ graph: g, id: id("Service", "api"), direction: "in", edgeTypes: ["calls"] });
    expect(callers.map((n) => [n.node.name, n.direction])).toEqual([["web", "in"]]);
  });

  it("walks callers upstream and callees downstream, nearest first", () => {
    const g = graph();
    expect(upstreamServices({ graph: g, id: id("Service", "db") }).map((r) => [r.node.name, r.depth])).toEqual([
      ["api", 1],
      ["web", 2],
    ]);
    expect(downstreamServices({ graph: g, id: id("Service", "web") }).map((r) => [r.node.name, r.depth])).toEqual([
      ["api", 1],
      ["db", 2],
    ]);
    expect(downstreamServices({ graph: g, id: id("Service", "web"), maxDepth: 1 }).map((r) => r.node.name)).toEqual(["api"]);
  });

  it("finds the path from the alerting service to a ConfigMap: calls, then the workload that reads it", () => {
    const path = findPath({ graph: graph(), from: id("Service", "web"), to: id("ConfigMap", "api-config") });
    expect(path.found).toBe(true);
    if (!path.found) return;
    expect(path.callHops).toBe(1);
    expect(path.callChain).toEqual([id("Service", "web"), id("Service", "api")]);
    expect(path.hops.map((h) => [h.type, h.to, h.reversed])).toEqual([
      ["calls", id("Service", "api"), false],
      ["targets", id("Deployment", "api"), false],
      ["references", id("ConfigMap", "api-config"), false],
    ]);
  });

  it("reaches a Node through the nearest service running a pod on it, not through shared nodes", () => {
    // node-2 runs api-1-b and db-1-a: from web, api is one call away, db two.
    const path = findPath({ graph: graph(), from: id("Service", "web"), to: "Node/node-2" });
    expect(path.found && path.hops.map((h) => `${h.reversed ? "<" : ""}${h.type}:${h.to}`)).toEqual([`calls:${id("Service", "api")}`, `selects:${id("Pod", "api-1-b")}`, "scheduled-on:Node/node-2"]);
    // From db itself, its own pod is the way (no call hop), never web's pod on node-1.
    const fromDb = findPath({ graph: graph(), from: id("Service", "db"), to: "Node/node-2" });
    expect(fromDb.found && fromDb.callHops).toBe(0);
  });

  it("follows calls backwards when the cause is upstream of the alert", () => {
    const path = findPath({ graph: graph(), from: id("Service", "db"), to: id("Deployment", "web") });
    expect(path.found && path.hops.map((h) => [h.type, h.reversed])).toEqual([
      ["calls", true],
      ["calls", true],
      ["targets", false],
    ]);
  });

  it("says why there is no path", () => {
    const snapshot = smallSnapshot();
    snapshot.services = snapshot.services.filter((s) => s.metadata?.name !== "db");
    const g = graphFromSnapshot({ snapshot, callEdges: SMALL_CALLS.slice(0, 1) });
    const path = findPath({ graph: g, from: id("Service", "web"), to: id("Deployment", "db") });
    expect(path).toEqual({ found: false, reason: expect.stringContaining("no Service leads to") });
    expect(findPath({ graph: g, from: id("Deployment", "web"), to: id("Deployment", "db") })).toMatchObject({ found: false, reason: expect.stringContaining("not a Service") });
  });

  it("gives the blast radius of a ConfigMap: the pods of every workload reading it, their services and callers", () => {
    expect(blastRadius({ graph: graph(), id: id("ConfigMap", "api-config") })).toMatchObject({
      pods: [id("Pod", "api-1-a"), id("Pod", "api-1-b")],
      workloads: [id("Deployment", "api")],
      services: [id("Service", "api")],
      upstreamCallers: [id("Service", "web")],
    });
  });

  it("gives the blast radius of a node: the pods on it and every service they serve", () => {
    const radius = blastRadius({ graph: graph(), id: "Node/node-2" });
    expect(radius.pods).toEqual([id("Pod", "api-1-b"), id("Pod", "db-1-a")]);
    expect(radius.services).toEqual([id("Service", "api"), id("Service", "db")]);
    expect(radius.upstreamCallers).toEqual([id("Service", "web")]);
    expect(radius.all).toContain("Node/node-2");
  });

  it("gives a scaled-to-zero Deployment's blast radius through the Service that targets it", () => {
    const snapshot = smallSnapshot();
    snapshot.pods = snapshot.pods.filter((p) => p.metadata?.labels?.app !== "db");
    const g = graphFromSnapshot({ snapshot, callEdges: SMALL_CALLS });
    expect(blastRadius({ graph: g, id: id("Deployment", "db") })).toMatchObject({ pods: [], services: [id("Service", "db")], upstreamCallers: [id("Service", "api"), id("Service", "web")] });
  });
});
