/**
 * Small predicates on pods shared by controllers: readiness, availability, activity.
 */
import type { K8sObject } from "../types";
import type { Pod, PodCondition } from "./api-types";

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, "Ready")?.status === "True";
}

/** Ready for at least minReadySeconds (`podutil.IsPodAvailable`). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = podCondition(pod, "Ready");
  if (ready?.status !== "True") return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? "");
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= nowMs;
}

/** Neither finished nor being deleted (`controller.IsPodActive`). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

/** The controller ownerReference, if any. */
export function controllerRef(object: K8sObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}
