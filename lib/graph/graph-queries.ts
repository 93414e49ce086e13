/**
 * Questions an SRE asks of the knowledge graph, as pure functions over a `ClusterGraph`:
 * what is next to this object, who calls this service and whom does it call, how does the
 * alerting service reach a candidate cause, and what does a broken object take down with it.
 */
import { indexGraph } from "./graph-index";
import type { ClusterGraph, GraphEdge, GraphEdgeType, GraphNode, GraphNodeKind } from "./types";

/** Call-graph hops followed at most (the shop is 4 deep; a loop must not run away). */
export const MAX_CALL_DEPTH = 10;
/** Structural hops from a Service to an object at most (Service -> Pod -> ReplicaSet -> Deployment -> ConfigMap is 4). */
export const MAX_STRUCTURAL_DEPTH = 6;
/**
 * How a path climbs from an object to the Services it belongs to: per kind, the edges (and their
 * direction) that lead towards a Service. Directed on purpose: an undirected walk would wander
 * from a pod to its Node and on to another service's pods, or through a shared policy or quota.
 */
const TOWARDS_SERVICE: Partial<Record<GraphNodeKind, readonly { type: GraphEdgeType; along: "out" | "in" }[]>> = {
  ConfigMap: [{ type: "references", along: "in" }],
  Secret: [{ type: "references", along: "in" }],
  Node: [{ type: "scheduled-on", along: "in" }],
  NetworkPolicy: [{ type: "restricts", along: "out" }],
  ResourceQuota: [{ type: "limits", along: "out" }],
  Deployment: [
    { type: "targets", along: "in" },
    { type: "owns", along: "out" },
  ],
  ReplicaSet: [
    { type: "owns", along: "in" },
    { type: "owns", along: "out" },
  ],
  Pod: [
    { type: "selects", along: "in" },
    { type: "endpoints", along: "in" },
    { type: "owns", along: "in" },
  ],
  Endpoints: [{ type: "endpoints", along: "in" }],
};

/** One neighbour of a node. */
export interface Neighbour {
  node: GraphNode;
  edge: GraphEdge;
  /** `out`: the edge leaves the asked node; `in`: it arrives there. */
  direction: "out" | "in";
}

/** Options of `neighbours`. */
export interface NeighboursOptions {
  graph: ClusterGraph;
  /** Node id. */
  id: string;
  direction?: "out" | "in" | "both";
  /** Only these edge types (default all). */
  edgeTypes?: readonly GraphEdgeType[];
}

/** Nodes one edge away, outgoing first, each list in the graph's order. */
export function neighbours(options: NeighboursOptions): Neighbour[] {
  const index = indexGraph(options.graph);
  const direction = options.direction ?? "both";
  const wanted = options.edgeTypes ? new Set(options.edgeTypes) : undefined;
  const result: Neighbour[] = [];
  const collect = (edges: readonly GraphEdge[] | undefined, dir: "out" | "in") => {
    for (const edge of edges ?? []) {
      if (wanted && !wanted.has(edge.type)) continue;
      const node = index.nodes.get(dir === "out" ? edge.to : edge.from);
      if (node) result.push({ node, edge, direction: dir });
    }
  };
  if (direction !== "in") collect(index.out.get(options.id), "out");
  if (direction !== "out") collect(index.in.get(options.id), "in");
  return result;
}

/** A service reached over `calls` edges. */
export interface ReachedService {
  node: GraphNode;
  /** Call hops from the asked service (1 = a direct caller or callee). */
  depth: number;
  /** The edge it was reached by (caller -> callee, as stored). */
  edge: GraphEdge;
}

/** Options of `upstreamServices` and `downstreamServices`. */
export interface CallTraversalOptions {
  graph: ClusterGraph;
  /** Service node id. */
  id: string;
  /** Hops at most (default MAX_CALL_DEPTH). */
  maxDepth?: number;
}

function traverseCalls(options: CallTraversalOptions, direction: "out" | "in"): ReachedService[] {
  const index = indexGraph(options.graph);
  const maxDepth = Math.min(options.maxDepth ?? MAX_CALL_DEPTH, MAX_CALL_DEPTH);
  const seen = new Set([options.id]);
  const reached: ReachedService[] = [];
  let frontier = [options.id];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const edge of (direction === "out" ? index.out.get(id) : index.in.get(id)) ?? []) {
        if (edge.type !== "calls") continue;
        const other = direction === "out" ? edge.to : edge.from;
        const node = index.nodes.get(other);
        if (seen.has(other) || !node) continue;
        seen.add(other);
        reached.push({ node, depth, edge });
        next.push(other);
      }
    }
    frontier = next;
  }
  return reached;
}

/** Every service that calls this one, directly or through others, nearest first. */
export function upstreamServices(options: CallTraversalOptions): ReachedService[] {
  return traverseCalls(options, "in");
}

/** Every service this one calls, directly or through others, nearest first. */
export function downstreamServices(options: CallTraversalOptions): ReachedService[] {
  return traverseCalls(options, "out");
}

/** One step of a path; `reversed` when it walks an edge against its direction (Pod <-owns- ReplicaSet). */
export interface PathHop {
  from: string;
  to: string;
  type: GraphEdgeType;
  reversed: boolean;
  edge: GraphEdge;
}

/** A path from the alerting service to a candidate cause, or why there is none. */
export type GraphPath =
  | {
      found: true;
      hops: PathHop[];
      /** Service ids along the call leg, the alerting service first. */
      callChain: string[];
      /** Hops of the call leg (0 when the cause belongs to the alerting service itself). */
      callHops: number;
    }
  | { found: false; reason: string };

/** Options of `findPath`. */
export interface FindPathOptions {
  graph: ClusterGraph;
  /** The alerting Service's node id. */
  from: string;
  /** The candidate cause's node id (any kind). */
  to: string;
}

/** Breadth-first search; `step` lists the moves from a node. Returns the hop list to the first node `isGoal` accepts. */
function bfs(start: string, isGoal: (id: string) => boolean, step: (id: string) => PathHop[], maxDepth: number): PathHop[] | undefined {
  if (isGoal(start)) return [];
  const previous = new Map<string, PathHop | null>([[start, null]]);
  let frontier = [start];
  for (let depth = 0; depth < maxDepth && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const hop of step(id)) {
        if (previous.has(hop.to)) continue;
        previous.set(hop.to, hop);
        if (isGoal(hop.to)) {
          const hops: PathHop[] = [];
          for (let h: PathHop | null | undefined = hop; h; h = previous.get(h.from)) hops.unshift(h);
          return hops;
        }
        next.push(hop.to);
      }
    }
    frontier = next;
  }
  return undefined;
}

/**
 * The path from the alerting service to a candidate cause: the shortest chain of calls from the
 * alerting service to a service the cause belongs to (callees first, then callers, for a cause
 * upstream of the alert), then the shortest structural chain from that service to the object
 * (Service -targets-> Deployment -references-> ConfigMap; Service -selects-> Pod -scheduled-on-> Node).
 */
export function findPath(options: FindPathOptions): GraphPath {
  const { graph, from, to } = options;
  const index = indexGraph(graph);
  const start = index.nodes.get(from);
  const target = index.nodes.get(to);
  if (!start || start.kind !== "Service") return { found: false, reason: `${from} is not a Service in the graph` };
  if (!target) return { found: false, reason: `${to} is not in the graph` };

  // Moves from a node towards the Services, as hops walked away from the object.
  const towardsService = (id: string): PathHop[] => {
    const moves = TOWARDS_SERVICE[index.nodes.get(id)?.kind ?? "Namespace"] ?? [];
    return moves.flatMap(({ type, along }) =>
      ((along === "out" ? index.out.get(id) : index.in.get(id)) ?? []).filter((e) => e.type === type).map((edge) => ({ from: id, to: along === "out" ? edge.to : edge.from, type, reversed: along === "in", edge })),
    );
  };
  // Services the object belongs to, each with its structural chain (service -> ... -> object).
  const anchors = new Map<string, PathHop[]>();
  if (target.kind === "Service") anchors.set(target.id, []);
  else {
    // Walk back from the object; every Service met on the way is an anchor, with the walk reversed.
    const previous = new Map<string, PathHop | null>([[target.id, null]]);
    let frontier = [target.id];
    for (let depth = 0; depth < MAX_STRUCTURAL_DEPTH && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const hop of towardsService(id)) {
          if (previous.has(hop.to)) continue;
          previous.set(hop.to, hop);
          if (index.nodes.get(hop.to)?.kind === "Service") {
            const chain: PathHop[] = [];
            for (let h: PathHop | null | undefined = hop; h; h = previous.get(h.from)) chain.push({ from: h.to, to: h.from, type: h.type, reversed: !h.reversed, edge: h.edge });
            anchors.set(hop.to, chain);
          } else next.push(hop.to);
        }
      }
      frontier = next;
    }
  }
  if (anchors.size === 0) return { found: false, reason: `no Service leads to ${to}: nothing selects the pods it belongs to` };

  const callSteps = (direction: "out" | "in") => (id: string): PathHop[] =>
    ((direction === "out" ? index.out.get(id) : index.in.get(id)) ?? [])
      .filter((e) => e.type === "calls")
      .map((edge) => ({ from: id, to: direction === "out" ? edge.to : edge.from, type: edge.type, reversed: direction === "in", edge }));
  // Shortest call leg to the anchor whose structural leg is shortest among the nearest anchors.
  let best: { calls: PathHop[]; structural: PathHop[] } | undefined;
  for (const direction of ["out", "in"] as const) {
    for (const [anchor, structural] of [...anchors.entries()].sort((a, b) => a[1].length - b[1].length || a[0].localeCompare(b[0]))) {
      const calls = bfs(from, (id) => id === anchor, callSteps(direction), MAX_CALL_DEPTH);
      if (!calls) continue;
      if (!best || calls.length < best.calls.length || (calls.length === best.calls.length && structural.length < best.structural.length)) best = { calls, structural };
    }
    if (best) break;
  }
  if (!best) return { found: false, reason: `no chain of calls connects ${from} to ${[...anchors.keys()].join(", ")}` };
  return { found: true, hops: [...best.calls, ...best.structural], callChain: [from, ...best.calls.map((h) => h.to)], callHops: best.calls.length };
}

/** What a broken object takes down with it. Lists are node ids, sorted. */
export interface BlastRadius {
  object: string;
  /** Pods that run with the object, on it or behind it. */
  pods: string[];
  /** Deployments those pods belong to. */
  workloads: string[];
  /** Services routing to those pods (or the Service itself). */
  services: string[];
  /** Services calling the touched services, directly or through others (not in `services`). */
  upstreamCallers: string[];
  /** Everything above plus the object: what a view highlights. */
  all: string[];
}

/** Options of `blastRadius`. */
export interface BlastRadiusOptions {
  graph: ClusterGraph;
  /** Node id of the broken object. */
  id: string;
}

/** The pods, workloads and services an object touches, and the callers that feel it. */
export function blastRadius(options: BlastRadiusOptions): BlastRadius {
  const { graph, id } = options;
  const index = indexGraph(graph);
  const node = index.nodes.get(id);
  const outOf = (nodeId: string, type: GraphEdgeType) => (index.out.get(nodeId) ?? []).filter((e) => e.type === type).map((e) => e.to);
  const into = (nodeId: string, type: GraphEdgeType) => (index.in.get(nodeId) ?? []).filter((e) => e.type === type).map((e) => e.from);
  const kindOf = (nodeId: string) => index.nodes.get(nodeId)?.kind;
  const podsOfWorkload = (nodeId: string): string[] => {
    const kind = kindOf(nodeId);
    if (kind === "Pod") return [nodeId];
    if (kind === "ReplicaSet") return outOf(nodeId, "owns");
    if (kind === "Deployment") return outOf(nodeId, "owns").flatMap((rs) => outOf(rs, "owns"));
    return [];
  };

  const pods = new Set<string>();
  const services = new Set<string>();
  switch (node?.kind) {
    case "Pod":
    case "ReplicaSet":
    case "Deployment":
      podsOfWorkload(id).forEach((p) => pods.add(p));
      break;
    case "Node":
      into(id, "scheduled-on").forEach((p) => pods.add(p));
      break;
    case "ConfigMap":
    case "Secret":
      into(id, "references").flatMap(podsOfWorkload).forEach((p) => pods.add(p));
      break;
    case "Endpoints":
      into(id, "endpoints").forEach((s) => services.add(s));
      outOf(id, "endpoints").forEach((p) => pods.add(p));
      break;
    case "Service":
      services.add(id);
      outOf(id, "selects").forEach((p) => pods.add(p));
      break;
    case "NetworkPolicy":
      outOf(id, "restricts").forEach((p) => pods.add(p));
      break;
    case "ResourceQuota":
      outOf(id, "limits").flatMap(podsOfWorkload).forEach((p) => pods.add(p));
      break;
    case "Namespace":
      graph.nodes.filter((n) => n.kind === "Pod").forEach((p) => pods.add(p.id));
      break;
    default:
      break;
  }
  // A workload touches the Services that select its template even when none of its pods exist (scaled to 0, pods failing to be created).
  const workloadIds = node?.kind === "Deployment" ? [id] : node?.kind === "ConfigMap" || node?.kind === "Secret" ? into(id, "references") : node?.kind === "ResourceQuota" ? outOf(id, "limits") : [];
  for (const workload of workloadIds) into(workload, "targets").forEach((s) => services.add(s));

  const workloads = new Set<string>();
  for (const pod of pods) {
    for (const service of into(pod, "selects")) services.add(service);
    for (const rs of into(pod, "owns")) for (const d of into(rs, "owns")) workloads.add(d);
  }
  for (const workload of workloadIds) if (kindOf(workload) === "Deployment") workloads.add(workload);

  const upstream = new Set<string>();
  for (const service of services) for (const caller of upstreamServices({ graph, id: service })) if (!services.has(caller.node.id)) upstream.add(caller.node.id);

  const sorted = (set: Set<string>) => [...set].sort();
  return {
    object: id,
    pods: sorted(pods),
    workloads: sorted(workloads),
    services: sorted(services),
    upstreamCallers: sorted(upstream),
    all: sorted(new Set([id, ...pods, ...workloads, ...services, ...upstream])),
  };
}
