/**
 * Containers that crash: CrashLoopBackOff with the last exit (reason, code, message), OOMKilled,
 * and containers that failed to start (StartError: a command the image does not contain).
 */
import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import type { Analyzer, FaultCategory, Finding } from "./types";
import { eventEvidence, eventsAbout, podObject, serviceOfPod } from "./snapshot-queries";

const ANALYZER = "pod-state";

/** What an exit says about the fault. */
export function categoryOfTermination(reason: string | undefined, exitCode: number | undefined, message: string | undefined): FaultCategory {
  if (reason === "OOMKilled") return { systemLevel: "Application", faultType: "Misconfiguration" };
  if (reason === "StartError" || /executable file not found|no such file or directory/i.test(message ?? "")) return { systemLevel: "Application", faultType: "Misconfiguration" };
  if (exitCode === 137 || exitCode === 143) return { systemLevel: "Application", faultType: "Misconfiguration" };
  return { systemLevel: "Application", faultType: "Code Defect" };
}

function terminationEvidence(status: V1ContainerStatus): { evidence: string[]; reason?: string; exitCode?: number; message?: string } {
  const t = status.lastState?.terminated ?? status.state?.terminated;
  if (!t) return { evidence: [] };
  return {
    evidence: [`container ${status.name} last terminated: reason=${t.reason ?? "?"} exitCode=${t.exitCode}${t.message ? ` message=${t.message}` : ""}`],
    ...(t.reason ? { reason: t.reason } : {}),
    exitCode: t.exitCode,
    ...(t.message ? { message: t.message } : {}),
  };
}

function analyzePod(pod: V1Pod, service: string | undefined, backOffEvents: string[]): Finding[] {
  const findings: Finding[] = [];
  const ns = pod.metadata?.namespace ?? "";
  const name = pod.metadata?.name ?? "";
  const base = { analyzer: ANALYZER, object: podObject(pod), ...(service ? { service } : {}) };
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    const term = terminationEvidence(status);
    if (waiting?.reason === "CrashLoopBackOff") {
      const exit = term.exitCode !== undefined ? ` (last exit: ${term.reason ?? "?"}, code ${term.exitCode})` : "";
      findings.push({
        ...base,
        id: `pod-crashloop:${ns}/${name}/${status.name}`,
        severity: "critical",
        title: `${name}: container ${status.name} is in CrashLoopBackOff${exit}`,
        detail: `The container has restarted ${status.restartCount} time(s) and the kubelet is backing off.${term.reason === "OOMKilled" ? " It was killed for exceeding its memory limit." : term.message ? ` Last message: ${term.message}` : ""}`,
        evidence: [`container ${status.name} waiting: CrashLoopBackOff: ${waiting.message ?? ""}`, `restartCount=${status.restartCount}`, ...term.evidence, ...backOffEvents],
        suggestedCategory: categoryOfTermination(term.reason, term.exitCode, term.message),
      });
      continue;
    }
    if (status.state?.running && term.reason === "OOMKilled") {
      findings.push({
        ...base,
        id: `pod-oomkilled:${ns}/${name}/${status.name}`,
        severity: "warning",
        title: `${name}: container ${status.name} was OOMKilled`,
        detail: `The container was killed for exceeding its memory limit and restarted (${status.restartCount} restart(s)).`,
        evidence: [...term.evidence, `restartCount=${status.restartCount}`],
        suggestedCategory: { systemLevel: "Application", faultType: "Misconfiguration" },
      });
      continue;
    }
    const current = status.state?.terminated;
    if (current && current.exitCode !== 0) {
      findings.push({
        ...base,
        id: `pod-terminated:${ns}/${name}/${status.name}`,
        severity: "critical",
        title: `${name}: container ${status.name} terminated with ${current.reason ?? "error"} (exit code ${current.exitCode})`,
        detail: current.message ? `Message: ${current.message}` : "The container exited with a non-zero code.",
        evidence: [`container ${status.name} terminated: reason=${current.reason ?? "?"} exitCode=${current.exitCode}${current.message ? ` message=${current.message}` : ""}`],
        suggestedCategory: categoryOfTermination(current.reason, current.exitCode, current.message),
      });
    }
  }
  return findings;
}

/** CrashLoopBackOff, OOMKilled and failed containers, one finding per container. */
export const podStateAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "containers in CrashLoopBackOff (with last exit reason/code), OOMKilled, or terminated with an error",
  analyze(snapshot) {
    return snapshot.pods.flatMap((pod) => {
      const backOff = eventsAbout(snapshot, "Pod", pod.metadata?.name ?? "", "BackOff").slice(0, 1).map(eventEvidence);
      const failed = eventsAbout(snapshot, "Pod", pod.metadata?.name ?? "", "Failed").slice(0, 1).map(eventEvidence);
      return analyzePod(pod, serviceOfPod(pod, snapshot), [...backOff, ...failed]);
    });
  },
};

