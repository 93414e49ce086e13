/** Lookups analyzers share over a snapshot: owner of a pod, events about an object, app names. */
import type { CoreV1Event, V1Pod } from "@kubernetes/client-node";
import type { ClusterSnapshot } from "../../../cluster/reads/cluster-snapshot";
import { eventLastSeenMs } from "../../../cluster/reads/event-summary";
import { appNameOf, deploymentNameFromReplicaSet } from "../../../cluster/reads/service-of";

/** The Deployment a pod belongs to (via its ReplicaSet), or undefined for bare pods. */
export function deploymentOfPod(pod: V1Pod, snapshot: ClusterSnapshot): string | undefined {
  const owner = pod.metadata?.ownerReferences?.find((r) => r.kind === "ReplicaSet");
  if (!owner) return undefined;
  const rs = snapshot.replicaSets.find((r) => r.metadata?.name === owner.name);
  const rsOwner = rs?.metadata?.ownerReferences?.find((r) => r.kind === "Deployment");
  return rsOwner?.name ?? deploymentNameFromReplicaSet(owner.name);
}

/** The app a pod belongs to: its app label, else its Deployment, else its own name. */
export function serviceOfPod(pod: V1Pod, snapshot: ClusterSnapshot): string | undefined {
  return appNameOf(pod.metadata?.labels) ?? deploymentOfPod(pod, snapshot);
}

/** Events about one object, newest first. */
export function eventsAbout(snapshot: ClusterSnapshot, kind: string, name: string, reason?: string): CoreV1Event[] {
  return snapshot.events
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name === name && (!reason || e.reason === reason))
    .sort((a, b) => (eventLastSeenMs(b) ?? 0) - (eventLastSeenMs(a) ?? 0));
}

/** `Warning Failed (x3): message` — an event as evidence text. */
export function eventEvidence(event: CoreV1Event): string {
  return `event ${event.type ?? "Normal"} ${event.reason ?? ""}${(event.count ?? 1) > 1 ? ` (x${event.count})` : ""}: ${event.message ?? ""}`;
}

/** Namespace/name key of a pod. */
export function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** The `object` field of a finding about a pod. */
export function podObject(pod: V1Pod): { kind: string; namespace: string; name: string } {
  return { kind: "Pod", namespace: pod.metadata?.namespace ?? "", name: pod.metadata?.name ?? "" };
}
