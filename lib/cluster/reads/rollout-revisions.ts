/**
 * A Deployment's rollout history from its ReplicaSets, as `kubectl rollout history` reads it:
 * every ReplicaSet the Deployment controls carries `deployment.kubernetes.io/revision` and a
 * copy of the pod template of that revision. Pure.
 */
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from "@kubernetes/client-node";
import { timestampIso } from "./timestamps";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

export interface RolloutRevision {
  revision: number;
  replicaSet: string;
  changeCause?: string;
  images: string[];
  createdAt?: string;
  replicas: number;
  readyReplicas: number;
  template: V1PodTemplateSpec | undefined;
}

/** True when the ReplicaSet's controller owner is this Deployment (by uid, or by name when uids are absent). */
export function isOwnedBy(replicaSet: V1ReplicaSet, deployment: V1Deployment): boolean {
  return (replicaSet.metadata?.ownerReferences ?? []).some(
    (ref) => ref.kind === "Deployment" && (deployment.metadata?.uid ? ref.uid === deployment.metadata.uid : ref.name === deployment.metadata?.name),
  );
}

/** Revisions of one Deployment, oldest first. ReplicaSets without a revision annotation are skipped. */
export function rolloutRevisionsOf(deployment: V1Deployment, replicaSets: readonly V1ReplicaSet[]): RolloutRevision[] {
  const revisions: RolloutRevision[] = [];
  for (const rs of replicaSets) {
    if (!isOwnedBy(rs, deployment)) continue;
    const revision = Number(rs.metadata?.annotations?.[REVISION_ANNOTATION]);
    if (!Number.isInteger(revision)) continue;
    const changeCause = rs.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
    revisions.push({
      revision,
      replicaSet: rs.metadata?.name ?? "",
      ...(changeCause ? { changeCause } : {}),
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ""),
      ...(rs.metadata?.creationTimestamp ? { createdAt: timestampIso(rs.metadata.creationTimestamp) } : {}),
      replicas: rs.status?.replicas ?? 0,
      readyReplicas: rs.status?.readyReplicas ?? 0,
      template: rs.spec?.template,
    });
  }
  return revisions.sort((a, b) => a.revision - b.revision);
}
