/**
 * Pods the scheduler cannot place. The FailedScheduling message ("0/3 nodes are available:
 * 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: ...") is parsed into its
 * per-reason node counts, so the finding says *why* in categories an operator acts on.
 */
import type { Analyzer, FaultCategory, Finding } from "./types";
import { eventEvidence, eventsAbout, podObject, serviceOfPod } from "./snapshot-queries";

const ANALYZER = "scheduling";

export type SchedulingCause = "insufficient-cpu" | "insufficient-memory" | "insufficient-pods" | "node-selector-affinity" | "pod-affinity" | "unschedulable-nodes" | "taints" | "other";

export interface SchedulingReason {
  nodes: number;
  text: string;
  cause: SchedulingCause;
}

function causeOf(text: string): SchedulingCause {
  if (/Insufficient cpu/i.test(text)) return "insufficient-cpu";
  if (/Insufficient memory/i.test(text)) return "insufficient-memory";
  if (/Too many pods|Insufficient pods/i.test(text)) return "insufficient-pods";
  if (/node affinity\/selector|node selector|didn't match Pod's node affinity/i.test(text)) return "node-selector-affinity";
  if (/pod (anti-)?affinity/i.test(text)) return "pod-affinity";
  if (/were unschedulable/i.test(text)) return "unschedulable-nodes";
  if (/untolerated taint|had taint/i.test(text)) return "taints";
  return "other";
}

/** Per-reason node counts of a FailedScheduling message. */
export function parseFailedScheduling(message: string): SchedulingReason[] {
  const match = /nodes are available:\s*(.*?)(?:\s*preemption:|$)/is.exec(message);
  const body = (match?.[1] ?? message).replace(/\.\s*$/, "");
  return body
    .split(/,\s*(?=\d+\s)/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const counted = /^(\d+)\s+(.*)$/s.exec(part);
      const text = (counted?.[2] ?? part).replace(/\.$/, "");
      return { nodes: counted ? Number(counted[1]) : 0, text, cause: causeOf(text) };
    });
}

const CAUSE_WORDS: Record<SchedulingCause, string> = {
  "insufficient-cpu": "not enough free CPU on any node for the pod's requests",
  "insufficient-memory": "not enough free memory on any node for the pod's requests",
  "insufficient-pods": "nodes are at their pod limit",
  "node-selector-affinity": "the pod's nodeSelector/node affinity matches no node",
  "pod-affinity": "pod (anti-)affinity rules cannot be satisfied",
  "unschedulable-nodes": "nodes are cordoned (unschedulable)",
  taints: "nodes have taints the pod does not tolerate",
  other: "see the scheduler message",
};

function categoryOf(causes: SchedulingCause[]): FaultCategory {
  if (causes.includes("unschedulable-nodes")) return { systemLevel: "Virtualization", faultType: "Operation Error" };
  return { systemLevel: "Virtualization", faultType: "Misconfiguration" };
}

/** One finding per Pending pod the scheduler rejected. */
export const schedulingAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "Pending pods with FailedScheduling: node selector/affinity, insufficient cpu/memory, cordoned nodes, taints",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const pod of snapshot.pods) {
      if (pod.status?.phase !== "Pending" || pod.spec?.nodeName) continue;
      const name = pod.metadata?.name ?? "";
      const condition = pod.status.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
      const event = eventsAbout(snapshot, "Pod", name, "FailedScheduling")[0];
      const message = event?.message ?? condition?.message;
      if (!message) continue;
      const reasons = parseFailedScheduling(message);
      const causes = [...new Set(reasons.map((r) => r.cause))];
      const service = serviceOfPod(pod, snapshot);
      const evidence = [event ? eventEvidence(event) : `condition PodScheduled=False reason=${condition?.reason ?? "Unschedulable"}: ${message}`];
      if (pod.spec?.nodeSelector) evidence.push(`nodeSelector=${JSON.stringify(pod.spec.nodeSelector)}`);
      const requests = pod.spec?.containers.map((c) => c.resources?.requests).filter((r) => r !== undefined);
      if (requests?.length && causes.some((c) => c.startsWith("insufficient"))) evidence.push(`requests=${JSON.stringify(requests)}`);
      findings.push({
        id: `pod-unschedulable:${pod.metadata?.namespace ?? ""}/${name}`,
        analyzer: ANALYZER,
        severity: "critical",
        object: podObject(pod),
        ...(service ? { service } : {}),
        title: `${name} cannot be scheduled: ${causes.map((c) => CAUSE_WORDS[c]).join("; ")}`,
        detail: reasons.map((r) => `${r.nodes} node(s): ${r.text}`).join("; "),
        evidence,
        suggestedCategory: categoryOf(causes),
      });
    }
    return findings;
  },
};
