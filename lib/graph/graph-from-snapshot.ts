/**
 * Builds the knowledge graph of one namespace from a `ClusterSnapshot` and the call edges seen in
 * telemetry. Pure and deterministic: the same snapshot and edges give the same graph, nodes and
 * edges sorted, so tests build one by hand and two refreshes of an unchanged cluster compare equal.
 */
import type { V1Deployment, V1Pod, V1PodSpec, V1ResourceQuota, V1Service } from "@kubernetes/client-node";
import { parseQuantity } from "../cluster/actions/quantity";
import { matchesLabelSelector, matchesServiceSelector, formatLabelSelector } from "../cluster/label-selector";
import type { ClusterSnapshot } from "../cluster/reads/cluster-snapshot";
import { checkConfigRefs, configRefsOf } from "../cluster/reads/config-ref-check";
import { summarizeNetworkPolicy } from "../cluster/reads/network-policy-summary";
import { summarizePod } from "../cluster/reads/pod-summary";
import { appNameOf } from "../cluster/reads/service-of";
import { summarizeService } from "../cluster/reads/service-summary";
import { graphNodeId, type CallEdgeMetrics, type ClusterGraph, type GraphAttr, type GraphEdge, type GraphEdgeType, type GraphNode, type GraphNodeKind } from "./types";

/** A call edge with an error ratio above this is failing (the rules reasoner's edge threshold). */
export const FAILING_CALL_ERROR_RATIO = 0.05;
/** `usedBy` places listed on one `references` edge at most (a template can reference a key many times). */
const MAX_USED_BY = 6;

/** Options of `graphFromSnapshot`. */
export interface GraphFromSnapshotOptions {
  snapshot: ClusterSnapshot;
  /** Caller -> callee edges from telemetry (service names as the metrics label them). */
  callEdges?: readonly CallEdgeMetrics[];
  /** Services that report request metrics (they get a Service node even without calls). */
  telemetryServices?: readonly string[];
  /** Extra warnings (from telemetry discovery) to carry on the graph. */
  warnings?: readonly string[];
}

class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges = new Map<string, GraphEdge>();

  constructor(readonly namespace: string) {}

  add(kind: GraphNodeKind, name: string, status: string, unhealthy: boolean, attrs: Record<string, GraphAttr> = {}): string {
    const namespaced = kind !== "Namespace" && kind !== "Node";
    const id = graphNodeId(kind, name, namespaced ? this.namespace : undefined);
    if (!this.nodes.has(id)) this.nodes.set(id, { id, kind, name, ...(namespaced ? { namespace: this.namespace } : {}), status, unhealthy, attrs });
    return id;
  }

  /** A node for an object something points at but that was not read: marked missing. */
  ensure(kind: GraphNodeKind, name: string): string {
    const id = graphNodeId(kind, name, kind === "Namespace" || kind === "Node" ? undefined : this.namespace);
    return this.nodes.has(id) ? id : this.add(kind, name, "missing", true, { missing: true });
  }

  link(from: string, to: string, type: GraphEdgeType, attrs: Record<string, GraphAttr> = {}): void {
    const key = `${from}\u0000${to}\u0000${type}`;
    if (!this.edges.has(key)) this.edges.set(key, { from, to, type, attrs });
  }

  result(builtAt: string, warnings: string[]): ClusterGraph {
    const nodes = [...this.nodes.values()].sort((a, b) => a.id.localeCompare(b.id));
    const edges = [...this.edges.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.type.localeCompare(b.type));
    return { namespace: this.namespace, builtAt, nodes, edges, warnings };
  }
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function podStatus(pod: V1Pod): { status: string; unhealthy: boolean; attrs: Record<string, GraphAttr> } {
  const s = summarizePod(pod);
  const status = s.waiting?.reason ?? (s.isReady ? "Running" : s.phase === "Running" ? "NotReady" : s.reason ?? s.phase);
  return {
    status,
    unhealthy: !s.isReady && s.phase !== "Succeeded",
    attrs: {
      phase: s.phase,
      ready: s.ready,
      restarts: s.restarts,
      node: s.node ?? null,
      ip: s.podIP ?? null,
      app: appNameOf(s.labels) ?? null,
      lastTermination: s.lastTermination?.reason ?? null,
    },
  };
}

function deploymentStatus(d: V1Deployment): { status: string; unhealthy: boolean; attrs: Record<string, GraphAttr> } {
  const desired = d.spec?.replicas ?? 1;
  const available = d.status?.availableReplicas ?? 0;
  const updated = d.status?.updatedReplicas ?? 0;
  const images = (d.spec?.template.spec?.containers ?? []).map((c) => c.image ?? "").join(", ");
  return {
    status: desired === 0 ? "scaled to 0" : `${available}/${desired} available`,
    unhealthy: available < desired,
    attrs: { replicas: desired, available, updated, images, revision: d.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null },
  };
}

/** `pods 10/10, requests.cpu 1.5/4` and whether any resource is used up. */
function quotaUsage(quota: V1ResourceQuota): { summary: string; exhausted: string[] } {
  const hard = quota.status?.hard ?? quota.spec?.hard ?? {};
  const used = quota.status?.used ?? {};
  const parts: string[] = [];
  const exhausted: string[] = [];
  for (const resource of Object.keys(hard).sort()) {
    const limit = hard[resource];
    const current = used[resource] ?? "0";
    parts.push(`${resource} ${current}/${limit}`);
    const l = parseQuantity(limit);
    const c = parseQuantity(current);
    if (l !== undefined && c !== undefined && c >= l) exhausted.push(resource);
  }
  return { summary: parts.join(", "), exhausted };
}

function servicePorts(service: V1Service): string {
  return (service.spec?.ports ?? []).map((p) => `${p.port}->${String(p.targetPort ?? p.port)}/${p.protocol ?? "TCP"}`).join(", ");
}

/** Adds `references` edges from `owner` to every ConfigMap/Secret its pod spec uses. */
function addReferences(b: GraphBuilder, owner: string, spec: V1PodSpec | undefined, snapshot: ClusterSnapshot): void {
  const checked = checkConfigRefs(configRefsOf(spec), snapshot.configMaps, snapshot.secrets);
  const byObject = new Map<string, typeof checked>();
  for (const ref of checked) {
    const key = `${ref.kind}/${ref.name}`;
    byObject.set(key, [...(byObject.get(key) ?? []), ref]);
  }
  for (const refs of byObject.values()) {
    const first = refs[0];
    if (!first || !first.name) continue;
    const target = b.ensure(first.kind, first.name);
    const keys = [...new Set(refs.flatMap((r) => (r.key ? [r.key] : [])))].sort();
    const missingKeys = [...new Set(refs.flatMap((r) => (r.key && r.keyExists === false ? [r.key] : [])))].sort();
    const usedBy = refs.map((r) => r.usedBy);
    b.link(owner, target, "references", {
      keys: keys.join(", ") || null,
      usedBy: usedBy.slice(0, MAX_USED_BY).join("; ") + (usedBy.length > MAX_USED_BY ? `; +${usedBy.length - MAX_USED_BY} more` : ""),
      broken: refs.some((r) => r.broken),
      missingKeys: missingKeys.join(", ") || null,
    });
    // A key that a template needs and the object lacks is the object's fault as much as the template's.
    const node = b.nodes.get(target);
    if (node && missingKeys.length > 0 && node.status !== "missing") Object.assign(node, { status: `missing key ${missingKeys.join(", ")}`, unhealthy: true });
  }
}

/** The Service node standing for a telemetry service name: same-named Service, else one selecting that app's pods, else a missing node. */
function serviceNodeFor(b: GraphBuilder, name: string, snapshot: ClusterSnapshot): string {
  const direct = graphNodeId("Service", name, b.namespace);
  if (b.nodes.has(direct)) return direct;
  for (const service of snapshot.services) {
    const selected = snapshot.pods.filter((p) => matchesServiceSelector(service.spec?.selector, p.metadata?.labels));
    if (selected.some((p) => appNameOf(p.metadata?.labels) === name)) return graphNodeId("Service", service.metadata?.name ?? "", b.namespace);
  }
  // Seen in telemetry but no Service routes to it (deleted, or traffic still draining): keep it visible.
  const id = b.add("Service", name, "missing", true, { missing: true });
  return id;
}

/** The knowledge graph of the snapshot's namespace. */
export function graphFromSnapshot(options: GraphFromSnapshotOptions): ClusterGraph {
  const { snapshot } = options;
  const ns = snapshot.namespace;
  const b = new GraphBuilder(ns);
  const nsId = b.add("Namespace", ns, "Active", false);

  // ConfigMaps and Secrets first, so a reference to one that does not exist is the only way to get a missing node.
  for (const cm of snapshot.configMaps) b.link(nsId, b.add("ConfigMap", cm.name, `${cm.keys.length} keys`, false, { keys: cm.keys.join(", ") }), "contains");
  for (const secret of snapshot.secrets) b.link(nsId, b.add("Secret", secret.name, `${secret.keys.length} keys`, false, { keys: secret.keys.join(", "), type: secret.type ?? null }), "contains");

  for (const node of snapshot.nodes) {
    const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
    const unschedulable = node.spec?.unschedulable === true;
    b.add("Node", node.metadata?.name ?? "", ready ? (unschedulable ? "SchedulingDisabled" : "Ready") : "NotReady", !ready, {
      labels: Object.entries(node.metadata?.labels ?? {})
        .filter(([k]) => !k.startsWith("kubernetes.io/") && !k.startsWith("beta.kubernetes.io/"))
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(",") || null,
      taints: (node.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(",") || null,
    });
  }

  for (const d of snapshot.deployments) {
    const name = d.metadata?.name ?? "";
    const { status, unhealthy, attrs } = deploymentStatus(d);
    const id = b.add("Deployment", name, status, unhealthy, attrs);
    b.link(nsId, id, "contains");
    addReferences(b, id, d.spec?.template.spec, snapshot);
  }

  const podsByOwner = new Map<string, number>();
  for (const pod of snapshot.pods) {
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
    if (owner?.kind === "ReplicaSet") podsByOwner.set(owner.name, (podsByOwner.get(owner.name) ?? 0) + 1);
  }
  for (const rs of snapshot.replicaSets) {
    const name = rs.metadata?.name ?? "";
    const desired = rs.spec?.replicas ?? 0;
    // Old revisions scaled to 0 with no pods only clutter the graph; the Deployment counts them.
    if (desired === 0 && (rs.status?.replicas ?? 0) === 0 && !podsByOwner.has(name)) continue;
    const ready = rs.status?.readyReplicas ?? 0;
    const id = b.add("ReplicaSet", name, `${ready}/${desired} ready`, ready < desired, {
      replicas: desired,
      ready,
      revision: rs.metadata?.annotations?.["deployment.kubernetes.io/revision"] ?? null,
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? "").join(", "),
    });
    const owner = rs.metadata?.ownerReferences?.find((r) => r.kind === "Deployment");
    if (owner) b.link(b.ensure("Deployment", owner.name), id, "owns");
  }
  for (const d of snapshot.deployments) {
    const name = d.metadata?.name ?? "";
    const old = snapshot.replicaSets.filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.kind === "Deployment" && r.name === name) && !b.nodes.has(graphNodeId("ReplicaSet", rs.metadata?.name ?? "", ns))).length;
    const node = b.nodes.get(graphNodeId("Deployment", name, ns));
    if (node) node.attrs.oldReplicaSets = old;
  }

  for (const pod of snapshot.pods) {
    const name = pod.metadata?.name ?? "";
    const { status, unhealthy, attrs } = podStatus(pod);
    const id = b.add("Pod", name, status, unhealthy, attrs);
    const owner = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
    if (owner?.kind === "ReplicaSet") b.link(b.ensure("ReplicaSet", owner.name), id, "owns");
    else if (!owner) addReferences(b, id, pod.spec, snapshot); // a bare pod's template is its own spec
    if (pod.spec?.nodeName) b.link(id, b.ensure("Node", pod.spec.nodeName), "scheduled-on");
  }

  for (const service of snapshot.services) {
    const name = service.metadata?.name ?? "";
    const endpoints = snapshot.endpoints.find((e) => e.metadata?.name === name);
    const s = summarizeService(service, endpoints, snapshot.pods);
    const hasSelector = Object.keys(s.selector).length > 0;
    const mismatch = s.ports.some((p) => p.targetPortMatches === false);
    const status = mismatch ? "targetPort mismatch" : s.readyAddresses.length > 0 ? `${s.readyAddresses.length} ready endpoints` : "no ready endpoints";
    const id = b.add("Service", name, status, mismatch || (hasSelector && s.readyAddresses.length === 0), {
      type: s.type,
      ports: servicePorts(service),
      selector: Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(",") || null,
      selectedPods: s.selectedPods.length,
      readyEndpoints: s.readyAddresses.length,
      notReadyEndpoints: s.notReadyAddresses.length,
    });
    b.link(nsId, id, "contains");
    for (const podName of s.selectedPods) b.link(id, graphNodeId("Pod", podName, ns), "selects");
    for (const d of snapshot.deployments) if (matchesServiceSelector(service.spec?.selector, d.spec?.template.metadata?.labels)) b.link(id, graphNodeId("Deployment", d.metadata?.name ?? "", ns), "targets");
  }

  for (const endpoints of snapshot.endpoints) {
    const name = endpoints.metadata?.name ?? "";
    const subsets = endpoints.subsets ?? [];
    const ready = subsets.flatMap((s) => s.addresses ?? []);
    const notReady = subsets.flatMap((s) => s.notReadyAddresses ?? []);
    const id = b.add("Endpoints", name, `${ready.length} ready, ${notReady.length} not ready`, ready.length === 0, { ready: ready.length, notReady: notReady.length });
    const serviceId = graphNodeId("Service", name, ns);
    if (b.nodes.has(serviceId)) b.link(serviceId, id, "endpoints");
    for (const [addresses, isReady] of [[ready, true], [notReady, false]] as const) {
      for (const address of addresses) {
        if (address.targetRef?.kind !== "Pod" || !address.targetRef.name) continue;
        b.link(id, b.ensure("Pod", address.targetRef.name), "endpoints", { ready: isReady, ip: address.ip });
      }
    }
  }

  for (const policy of snapshot.networkPolicies) {
    const summary = summarizeNetworkPolicy(policy);
    const id = b.add("NetworkPolicy", summary.name, summary.policyTypes.join("+"), false, {
      podSelector: summary.podSelector,
      ingress: summary.ingress ?? null,
      egress: summary.egress ?? null,
    });
    b.link(nsId, id, "contains");
    for (const pod of snapshot.pods) if (matchesLabelSelector(policy.spec?.podSelector, pod.metadata?.labels)) b.link(id, graphNodeId("Pod", pod.metadata?.name ?? "", ns), "restricts", { selector: formatLabelSelector(policy.spec?.podSelector) || "all pods" });
  }

  for (const quota of snapshot.resourceQuotas) {
    const usage = quotaUsage(quota);
    const id = b.add("ResourceQuota", quota.metadata?.name ?? "", usage.exhausted.length ? `exhausted: ${usage.exhausted.join(", ")}` : "within limits", usage.exhausted.length > 0, { usage: usage.summary });
    b.link(nsId, id, "contains");
    for (const d of snapshot.deployments) b.link(id, graphNodeId("Deployment", d.metadata?.name ?? "", ns), "limits");
  }

  // Telemetry last: service names are matched against the Service nodes built above.
  for (const name of options.telemetryServices ?? []) {
    const node = b.nodes.get(serviceNodeFor(b, name, snapshot));
    if (node) node.attrs.telemetry = name;
  }
  for (const edge of options.callEdges ?? []) {
    const from = serviceNodeFor(b, edge.from, snapshot);
    const to = serviceNodeFor(b, edge.to, snapshot);
    for (const [id, name] of [[from, edge.from], [to, edge.to]] as const) {
      const node = b.nodes.get(id);
      if (node && node.attrs.telemetry === undefined) node.attrs.telemetry = name;
    }
    b.link(from, to, "calls", {
      callRate: round(edge.callRate),
      errorRatio: edge.errorRatio === null ? null : round(edge.errorRatio),
      failing: edge.errorRatio !== null && edge.errorRatio > FAILING_CALL_ERROR_RATIO,
    });
  }

  return b.result(snapshot.collectedAt, [...snapshot.warnings, ...(options.warnings ?? [])]);
}
