/**
 * The scheduler's filter phase as pure functions: does a pod fit a node, and if no node fits,
 * the message kube-scheduler writes ("0/3 nodes are available: 3 Insufficient cpu. preemption: ...").
 * Filters run in kube-scheduler's default plugin order and stop at the first failing plugin per node.
 */
import { parseBytes, parseCpuMillis, tryParseQuantity } from "../quantity";
import { labelSelectorFromSpec, matchesLabels } from "../selectors";
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, Pod, PodAffinityTerm, Taint, Toleration } from "./api-types";
import { isTerminalPod, podRequests, type ComputeResources } from "./pod-resources";

/** A node with what is already placed on it. */
export interface NodeSnapshot {
  node: Node;
  /** Pods bound to the node that still hold resources (not Succeeded/Failed). */
  pods: Pod[];
  requested: ComputeResources & { pods: number };
  allocatable: ComputeResources & { pods: number };
}

/** Why a pod does not fit one node. */
export interface FitFailure {
  fits: false;
  /** Reason strings as kube-scheduler counts them ("Insufficient cpu", "node(s) were unschedulable"). */
  reasons: string[];
  /** False when evicting lower-priority pods could never help (affinity, taints, cordon). */
  resolvableByPreemption: boolean;
}

export type FitResult = { fits: true } | FitFailure;

/** The taint the node lifecycle controller puts on cordoned nodes; tolerating it lets a pod ignore the cordon. */
export const UNSCHEDULABLE_TAINT: Taint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };
const NOT_READY_TAINT: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" };

const DEFAULT_ALLOCATABLE = { cpu: "4", memory: "16Gi", pods: "110" };

/** Node allocatable as numbers (capacity when allocatable is missing). */
export function nodeAllocatable(node: Node): ComputeResources & { pods: number } {
  const list = node.status?.allocatable ?? node.status?.capacity ?? {};
  const cpu = list.cpu ?? DEFAULT_ALLOCATABLE.cpu;
  const memory = list.memory ?? DEFAULT_ALLOCATABLE.memory;
  const pods = list.pods ?? DEFAULT_ALLOCATABLE.pods;
  return {
    cpuMillis: tryParseQuantity(cpu) === undefined ? 0 : parseCpuMillis(cpu),
    memoryBytes: tryParseQuantity(memory) === undefined ? 0 : parseBytes(memory),
    pods: Math.floor(tryParseQuantity(pods) ?? 0),
  };
}

/** Snapshot a node with the pods bound to it. */
export function buildNodeSnapshot(node: Node, boundPods: Pod[]): NodeSnapshot {
  const pods = boundPods.filter((p) => !isTerminalPod(p));
  const requested = { cpuMillis: 0, memoryBytes: 0, pods: pods.length };
  for (const pod of pods) {
    const r = podRequests(pod);
    requested.cpuMillis += r.cpuMillis;
    requested.memoryBytes += r.memoryBytes;
  }
  return { node, pods, requested, allocatable: nodeAllocatable(node) };
}

/** Account a newly bound pod in a snapshot (so a batch of pods sees earlier placements). */
export function addPodToSnapshot(snapshot: NodeSnapshot, pod: Pod): void {
  const r = podRequests(pod);
  snapshot.pods.push(pod);
  snapshot.requested.cpuMillis += r.cpuMillis;
  snapshot.requested.memoryBytes += r.memoryBytes;
  snapshot.requested.pods += 1;
}

/** Value of a node label used as a topology key; `kubernetes.io/hostname` falls back to the node name. */
export function nodeTopologyValue(node: Node, key: string): string | undefined {
  const value = node.metadata.labels?.[key];
  if (value !== undefined) return value;
  return key === "kubernetes.io/hostname" ? node.metadata.name : undefined;
}

/** Whether one toleration tolerates one taint (core/v1 `Toleration.ToleratesTaint`). */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (!toleration.key && toleration.operator !== "Exists") return false;
  if (toleration.operator === "Exists") return true;
  return (toleration.value ?? "") === (taint.value ?? "");
}

/** The first taint with one of `effects` that no toleration tolerates, if any. */
export function firstUntoleratedTaint(taints: Taint[], tolerations: Toleration[] | undefined, effects: Taint["effect"][]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}

function requirementMatches(requirement: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = requirement.values ?? [];
  switch (requirement.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      const bound = Number(values[0]);
      return requirement.operator === "Gt" ? Number(value) > bound : Number(value) < bound;
    }
    default:
      return false;
  }
}

/** Node selector terms are ORed; requirements inside one term are ANDed; an empty term matches nothing. */
export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], node: Node): boolean {
  return terms.some((term) => {
    const expressions = term.matchExpressions ?? [];
    const fields = term.matchFields ?? [];
    if (expressions.length === 0 && fields.length === 0) return false;
    return (
      expressions.every((req) => requirementMatches(req, node.metadata.labels?.[req.key])) &&
      fields.every((req) => requirementMatches(req, req.key === "metadata.name" ? node.metadata.name : undefined))
    );
  });
}

/** `spec.nodeSelector` and required node affinity both hold for the node. */
export function matchesNodeAffinity(pod: Pod, node: Node): boolean {
  for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) {
    if (node.metadata.labels?.[key] !== value) return false;
  }
  const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !matchesNodeSelectorTerms(terms, node)) return false;
  return true;
}

function termMatchesPod(term: PodAffinityTerm, ownerNamespace: string, candidate: Pod): boolean {
  const namespaces = term.namespaces && term.namespaces.length > 0 ? term.namespaces : [ownerNamespace];
  if (!namespaces.includes(candidate.metadata.namespace ?? "")) return false;
  if (!term.labelSelector) return false;
  return matchesLabels(labelSelectorFromSpec(term.labelSelector), candidate.metadata.labels);
}

function sameDomain(a: Node, b: Node, key: string): boolean {
  const left = nodeTopologyValue(a, key);
  return left !== undefined && left === nodeTopologyValue(b, key);
}

function interPodAffinityFailure(pod: Pod, target: NodeSnapshot, cluster: NodeSnapshot[]): string | undefined {
  const ns = pod.metadata.namespace ?? "default";
  // Same order as the InterPodAffinity filter: the pod's affinity, its anti-affinity, then existing pods' anti-affinity.
  for (const term of pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    let anyMatch = false;
    let matchInDomain = false;
    for (const snapshot of cluster) {
      for (const existing of snapshot.pods) {
        if (!termMatchesPod(term, ns, existing)) continue;
        anyMatch = true;
        if (sameDomain(snapshot.node, target.node, term.topologyKey)) matchInDomain = true;
      }
    }
    // The first pod of a group that must be co-located may go anywhere its own term matches itself.
    const selfMatch = !anyMatch && termMatchesPod(term, ns, pod) && nodeTopologyValue(target.node, term.topologyKey) !== undefined;
    if (!matchInDomain && !selfMatch) return "node(s) didn't match pod affinity rules";
  }
  for (const term of pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    for (const snapshot of cluster) {
      if (!sameDomain(snapshot.node, target.node, term.topologyKey)) continue;
      if (snapshot.pods.some((existing) => existing.metadata.uid !== pod.metadata.uid && termMatchesPod(term, ns, existing))) {
        return "node(s) didn't match pod anti-affinity rules";
      }
    }
  }
  for (const snapshot of cluster) {
    for (const existing of snapshot.pods) {
      const terms = existing.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
      for (const term of terms) {
        if (sameDomain(snapshot.node, target.node, term.topologyKey) && termMatchesPod(term, existing.metadata.namespace ?? "default", pod)) {
          return "node(s) didn't satisfy existing pods anti-affinity rules";
        }
      }
    }
  }
  return undefined;
}

function hostPorts(pod: Pod): string[] {
  const ports: string[] = [];
  for (const container of pod.spec.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.hostPort) ports.push(`${port.protocol ?? "TCP"}/${port.hostPort}`);
    }
  }
  return ports;
}

function isNodeReady(node: Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready");
  return !ready || ready.status === "True";
}

/**
 * Run the filter plugins for one pod on one node, in kube-scheduler's order: NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, InterPodAffinity.
 */
export function checkNodeFit(pod: Pod, target: NodeSnapshot, cluster: NodeSnapshot[]): FitResult {
  const node = target.node;
  const tolerations = pod.spec.tolerations;
  if (node.spec?.unschedulable && !(tolerations ?? []).some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT))) {
    return { fits: false, reasons: ["node(s) were unschedulable"], resolvableByPreemption: false };
  }
  const taints = [...(node.spec?.taints ?? []), ...(isNodeReady(node) ? [] : [NOT_READY_TAINT])];
  const taint = firstUntoleratedTaint(taints, tolerations, ["NoSchedule", "NoExecute"]);
  if (taint) return { fits: false, reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`], resolvableByPreemption: false };
  if (!matchesNodeAffinity(pod, node)) {
    return { fits: false, reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvableByPreemption: false };
  }
  const wanted = hostPorts(pod);
  if (wanted.length > 0) {
    const used = new Set(target.pods.filter((p) => p.metadata.uid !== pod.metadata.uid).flatMap(hostPorts));
    if (wanted.some((p) => used.has(p))) return { fits: false, reasons: ["node(s) didn't have free ports for the requested pod ports"], resolvableByPreemption: true };
  }
  const request = podRequests(pod);
  const reasons: string[] = [];
  if (target.requested.pods + 1 > target.allocatable.pods) reasons.push("Too many pods");
  if (request.cpuMillis > 0 && target.requested.cpuMillis + request.cpuMillis > target.allocatable.cpuMillis) reasons.push("Insufficient cpu");
  if (request.memoryBytes > 0 && target.requested.memoryBytes + request.memoryBytes > target.allocatable.memoryBytes) reasons.push("Insufficient memory");
  if (reasons.length > 0) return { fits: false, reasons, resolvableByPreemption: true };
  const affinity = interPodAffinityFailure(pod, target, cluster);
  if (affinity) return { fits: false, reasons: [affinity], resolvableByPreemption: affinity.includes("anti-affinity") };
  return { fits: true };
}

function histogram(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()]
    .map(([reason, count]) => `${count} ${reason}`)
    .sort()
    .join(", ");
}

/**
 * The FailedScheduling message for a pod no node fits. Every pod has the same priority here, so
 * preemption never finds victims: nodes that failed on resources report "No preemption victims
 * found for incoming pod", the others "Preemption is not helpful for scheduling".
 */
export function unschedulableMessage(totalNodes: number, failures: FitFailure[]): string {
  if (totalNodes === 0) return "no nodes available to schedule pods";
  const filter = histogram(failures.flatMap((f) => f.reasons));
  const preemption = histogram(
    failures.map((f) => (f.resolvableByPreemption ? "No preemption victims found for incoming pod" : "Preemption is not helpful for scheduling")),
  );
  return `0/${totalNodes} nodes are available: ${filter}. preemption: 0/${totalNodes} nodes are available: ${preemption}.`;
}
