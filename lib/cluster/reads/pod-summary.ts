/**
 * The facts about a pod an SRE reads first (kubectl get pods plus the last termination), as
 * plain data. Pure, so tools and analyzers share it.
 */
import type { V1ContainerStatus, V1Pod } from "@kubernetes/client-node";
import { timestampIso, timestampMs } from "./timestamps";

/** Why a container last exited. */
export interface ContainerTermination {
  container: string;
  reason?: string;
  exitCode?: number;
  message?: string;
  finishedAt?: string;
}

/** Why a container is not running now. */
export interface ContainerWaiting {
  container: string;
  reason?: string;
  message?: string;
}

export interface PodSummary {
  name: string;
  namespace: string;
  phase: string;
  /** "1/2": ready containers / containers. */
  ready: string;
  isReady: boolean;
  restarts: number;
  /** The most recent termination of any container (current terminated state or last state). */
  lastTermination?: ContainerTermination;
  /** The first container waiting with a reason (CrashLoopBackOff, ImagePullBackOff...). */
  waiting?: ContainerWaiting;
  /** Pod-level reason/message (Evicted, Unschedulable condition). */
  reason?: string;
  message?: string;
  node?: string;
  podIP?: string;
  createdAt?: string;
  labels: Record<string, string>;
  /** Controller owner, e.g. ReplicaSet cart-7d9f. */
  owner?: { kind: string; name: string };
}

function terminationOf(status: V1ContainerStatus): ContainerTermination | undefined {
  const terminated = status.state?.terminated ?? status.lastState?.terminated;
  if (!terminated) return undefined;
  return {
    container: status.name,
    ...(terminated.reason ? { reason: terminated.reason } : {}),
    exitCode: terminated.exitCode,
    ...(terminated.message ? { message: terminated.message } : {}),
    ...(terminated.finishedAt ? { finishedAt: timestampIso(terminated.finishedAt) } : {}),
  };
}

/** Summarises one pod. */
export function summarizePod(pod: V1Pod): PodSummary {
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const containerStatuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? containerStatuses.length;
  const readyCount = containerStatuses.filter((s) => s.ready).length;
  const terminations = statuses.map(terminationOf).filter((t): t is ContainerTermination => t !== undefined);
  // The newest termination explains the current restart loop best.
  terminations.sort((a, b) => (timestampMs(b.finishedAt) ?? 0) - (timestampMs(a.finishedAt) ?? 0));
  const waitingStatus = statuses.find((s) => s.state?.waiting?.reason && s.state.waiting.reason !== "PodInitializing" && s.state.waiting.reason !== "ContainerCreating") ?? statuses.find((s) => s.state?.waiting?.reason);
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  const owner = pod.metadata?.ownerReferences?.find((r) => r.controller) ?? pod.metadata?.ownerReferences?.[0];
  const reason = pod.status?.reason ?? unschedulable?.reason;
  const message = pod.status?.message ?? unschedulable?.message;
  return {
    name: pod.metadata?.name ?? "",
    namespace: pod.metadata?.namespace ?? "",
    phase: pod.status?.phase ?? "Unknown",
    ready: `${readyCount}/${total}`,
    isReady: pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false,
    restarts: containerStatuses.reduce((sum, s) => sum + (s.restartCount ?? 0), 0),
    ...(terminations[0] ? { lastTermination: terminations[0] } : {}),
    ...(waitingStatus?.state?.waiting
      ? { waiting: { container: waitingStatus.name, ...(waitingStatus.state.waiting.reason ? { reason: waitingStatus.state.waiting.reason } : {}), ...(waitingStatus.state.waiting.message ? { message: waitingStatus.state.waiting.message } : {}) } }
      : {}),
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(pod.spec?.nodeName ? { node: pod.spec.nodeName } : {}),
    ...(pod.status?.podIP ? { podIP: pod.status.podIP } : {}),
    ...(pod.metadata?.creationTimestamp ? { createdAt: timestampIso(pod.metadata.creationTimestamp) } : {}),
    labels: { ...(pod.metadata?.labels ?? {}) },
    ...(owner ? { owner: { kind: owner.kind, name: owner.name } } : {}),
  };
}
