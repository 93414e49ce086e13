/**
 * The scheduler's filters as pure functions.
 */
import { describe, expect, it } from "vitest";
import type { Node, Pod } from "./api-types";
import { buildNodeSnapshot, checkNodeFit, matchesNodeSelectorTerms, toleratesTaint, unschedulableMessage, type FitFailure } from "./scheduler-fit";

function node(name: string, options: { labels?: Record<string, string>; cpu?: string; memory?: string; pods?: string; unschedulable?: boolean; taints?: Node["spec"] extends infer S ? (S extends { taints?: infer T } ? T : never) : never } = {}): Node {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, uid: name, resourceVersion: "1", creationTimestamp: "", labels: { "kubernetes.io/hostname": name, ...(options.labels ?? {}) } },
    spec: { unschedulable: options.unschedulable, taints: options.taints },
    status: { allocatable: { cpu: options.cpu ?? "4", memory: options.memory ?? "16Gi", pods: options.pods ?? "110" } },
  };
}

function pod(name: string, spec: Partial<Pod["spec"]> = {}, labels: Record<string, string> = {}): Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "shop", uid: name, resourceVersion: "1", creationTimestamp: "", labels },
    spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
  };
}

const requesting = (cpu: string, memory = "0") => ({ containers: [{ name: "c", image: "nginx", resources: { requests: { cpu, memory } } }] });

describe("checkNodeFit", () => {
  it("fits an empty node", () => {
    const n = buildNodeSnapshot(node("n1"), []);
    expect(checkNodeFit(pod("p"), n, [n])).toEqual({ fits: true });
  });

  it("sums requests of bound pods against allocatable (limits count as requests when requests are missing)", () => {
    const busy = buildNodeSnapshot(node("n1", { cpu: "2", memory: "1Gi" }), [
      pod("a", requesting("1500m", "512Mi")),
      pod("b", { containers: [{ name: "c", resources: { limits: { cpu: "400m", memory: "256Mi" } } }] }),
    ]);
    expect(checkNodeFit(pod("p", requesting("100m")), busy, [busy])).toEqual({ fits: true });
    expect(checkNodeFit(pod("p", requesting("200m", "512Mi")), busy, [busy])).toEqual({ fits: false, reasons: ["Insufficient cpu", "Insufficient memory"], resolvableByPreemption: true });
    const full = buildNodeSnapshot(node("n1", { pods: "2" }), [pod("a"), pod("b")]);
    expect(checkNodeFit(pod("p"), full, [full])).toMatchObject({ fits: false, reasons: ["Too many pods"] });
  });

  it("finished pods free their resources", () => {
    const done = pod("a", requesting("4"));
    done.status = { phase: "Succeeded" };
    const n = buildNodeSnapshot(node("n1"), [done]);
    expect(checkNodeFit(pod("p", requesting("1")), n, [n]).fits).toBe(true);
  });

  it("honours nodeSelector and required node affinity operators", () => {
    const ssd = node("n1", { labels: { disk: "ssd", gen: "5" } });
    const hdd = node("n2", { labels: { disk: "hdd" } });
    expect(checkNodeFit(pod("p", { nodeSelector: { disk: "ssd" } }), buildNodeSnapshot(hdd, []), []).fits).toBe(false);
    const terms = (ops: object[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: ops }] } } } }) as Partial<Pod["spec"]>;
    expect(checkNodeFit(pod("p", terms([{ key: "disk", operator: "In", values: ["ssd", "nvme"] }])), buildNodeSnapshot(ssd, []), []).fits).toBe(true);
    expect(checkNodeFit(pod("p", terms([{ key: "disk", operator: "NotIn", values: ["ssd"] }])), buildNodeSnapshot(ssd, []), []).fits).toBe(false);
    expect(checkNodeFit(pod("p", terms([{ key: "gen", operator: "Exists" }])), buildNodeSnapshot(hdd, []), []).fits).toBe(false);
    expect(checkNodeFit(pod("p", terms([{ key: "gen", operator: "DoesNotExist" }])), buildNodeSnapshot(hdd, []), []).fits).toBe(true);
    expect(checkNodeFit(pod("p", terms([{ key: "gen", operator: "Gt", values: ["4"] }])), buildNodeSnapshot(ssd, []), []).fits).toBe(true);
    expect(matchesNodeSelectorTerms([{ matchExpressions: [{ key: "disk", operator: "In", values: ["x"] }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["n2"] }] }], hdd)).toBe(true);
    expect(matchesNodeSelectorTerms([{}], hdd)).toBe(false);
  });

  it("cordoned nodes and untolerated taints reject pods, tolerations admit them", () => {
    const cordoned = buildNodeSnapshot(node("n1", { unschedulable: true }), []);
    expect(checkNodeFit(pod("p"), cordoned, [])).toEqual({ fits: false, reasons: ["node(s) were unschedulable"], resolvableByPreemption: false });
    expect(checkNodeFit(pod("p", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] }), cordoned, []).fits).toBe(true);
    const tainted = buildNodeSnapshot(node("n1", { taints: [{ key: "gpu", value: "true", effect: "NoSchedule" }] }), []);
    expect(checkNodeFit(pod("p"), tainted, [])).toMatchObject({ reasons: ["node(s) had untolerated taint {gpu: true}"] });
    expect(checkNodeFit(pod("p", { tolerations: [{ key: "gpu", operator: "Equal", value: "true", effect: "NoSchedule" }] }), tainted, []).fits).toBe(true);
    expect(checkNodeFit(pod("p", { tolerations: [{ operator: "Exists" }] }), tainted, []).fits).toBe(true);
    expect(checkNodeFit(pod("p", { tolerations: [{ key: "gpu", operator: "Equal", value: "false" }] }), tainted, []).fits).toBe(false);
    const preferNo = buildNodeSnapshot(node("n1", { taints: [{ key: "soft", effect: "PreferNoSchedule" }] }), []);
    expect(checkNodeFit(pod("p"), preferNo, []).fits).toBe(true);
  });

  it("required pod anti-affinity on hostname keeps replicas apart; pod affinity co-locates", () => {
    const antiAffinity = { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } } };
    const n1 = buildNodeSnapshot(node("n1"), [pod("db-0", {}, { app: "db" })]);
    const n2 = buildNodeSnapshot(node("n2"), []);
    const cluster = [n1, n2];
    expect(checkNodeFit(pod("db-1", antiAffinity, { app: "db" }), n1, cluster)).toMatchObject({ fits: false, reasons: ["node(s) didn't match pod anti-affinity rules"] });
    expect(checkNodeFit(pod("db-1", antiAffinity, { app: "db" }), n2, cluster).fits).toBe(true);
    const affinity = { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: "db" } }, topologyKey: "kubernetes.io/hostname" }] } } };
    expect(checkNodeFit(pod("cache", affinity), n1, cluster).fits).toBe(true);
    expect(checkNodeFit(pod("cache", affinity), n2, cluster)).toMatchObject({ fits: false, reasons: ["node(s) didn't match pod affinity rules"], resolvableByPreemption: false });
    // Symmetry: an existing pod's anti-affinity keeps a matching newcomer away.
    const guarded = buildNodeSnapshot(node("n3"), [pod("lonely", antiAffinity, {})]);
    expect(checkNodeFit(pod("db-2", {}, { app: "db" }), guarded, [guarded])).toMatchObject({ reasons: ["node(s) didn't satisfy existing pods anti-affinity rules"] });
  });

  it("toleratesTaint follows the core/v1 rules", () => {
    expect(toleratesTaint({ key: "k", operator: "Exists" }, { key: "k", value: "v", effect: "NoExecute" })).toBe(true);
    expect(toleratesTaint({ key: "k", value: "v", effect: "NoSchedule" }, { key: "k", value: "v", effect: "NoExecute" })).toBe(false);
    expect(toleratesTaint({ key: "", operator: "Equal" }, { key: "k", effect: "NoSchedule" })).toBe(false);
  });
});

describe("unschedulableMessage", () => {
  it("reads like kube-scheduler's, reasons counted and sorted", () => {
    const selector: FitFailure = { fits: false, reasons: ["node(s) didn't match Pod's node affinity/selector"], resolvableByPreemption: false };
    const cpu: FitFailure = { fits: false, reasons: ["Insufficient cpu"], resolvableByPreemption: true };
    const cordon: FitFailure = { fits: false, reasons: ["node(s) were unschedulable"], resolvableByPreemption: false };
    expect(unschedulableMessage(3, [selector, selector, selector])).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    expect(unschedulableMessage(3, [cordon, cpu, cpu])).toBe(
      "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    expect(unschedulableMessage(0, [])).toBe("no nodes available to schedule pods");
  });
});
