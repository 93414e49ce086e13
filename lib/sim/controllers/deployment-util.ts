/**
 * Helpers of the Deployment controller that kubectl also relies on, ported from
 * k8s.io/kubernetes `pkg/controller/deployment/util`: revision annotations, the pod-template-hash,
 * maxSurge/maxUnavailable fenceposts, and conditions.
 */
import { cloneJson, isJsonObject, jsonEqual } from "../store/json-value";
import type { Deployment, DeploymentCondition, DeploymentStatus, PodTemplateSpec, ReplicaSet } from "./api-types";

/** Revision of a ReplicaSet / the Deployment's current revision (what `kubectl rollout history` lists). */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** Earlier revisions a rolled-back-to ReplicaSet had ("1,3"). */
export const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** Deployment replicas when the ReplicaSet was last scaled (drives proportional scaling). */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** replicas + maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";
/** Free-text reason of a change, copied from the Deployment to its ReplicaSets for `rollout history`. */
export const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";
/** Label carrying the template hash on ReplicaSets and their pods. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/** Annotations never copied from a Deployment to its ReplicaSets (`annotationsToSkip`). */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/** Condition types and reasons the controller writes (kubectl matches on them). */
export const DeploymentReasons = {
  NewReplicaSetCreated: "NewReplicaSetCreated",
  FoundNewReplicaSet: "FoundNewReplicaSet",
  ReplicaSetUpdated: "ReplicaSetUpdated",
  NewReplicaSetAvailable: "NewReplicaSetAvailable",
  ProgressDeadlineExceeded: "ProgressDeadlineExceeded",
  DeploymentPaused: "DeploymentPaused",
  DeploymentResumed: "DeploymentResumed",
  MinimumReplicasAvailable: "MinimumReplicasAvailable",
  MinimumReplicasUnavailable: "MinimumReplicasUnavailable",
} as const;

/** Revision number of an object's revision annotation (0 when absent or malformed). */
export function revisionOf(object: { metadata: { annotations?: Record<string, string> } }): number {
  const raw = object.metadata.annotations?.[REVISION_ANNOTATION];
  if (!raw || !/^\d+$/.test(raw)) return 0;
  return Number(raw);
}

/** Replicas of a Deployment (defaulted to 1). */
export function desiredReplicas(d: Deployment): number {
  return d.spec.replicas ?? 1;
}

/** Spec replicas of a ReplicaSet. */
export function rsReplicas(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

function resolveIntOrPercent(value: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const raw = value ?? fallback;
  if (typeof raw === "number") return raw;
  const match = /^(\d+)%$/.exec(raw);
  if (!match) return /^\d+$/.test(raw) ? Number(raw) : 0;
  const scaled = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) as absolute numbers; both zero would
 * deadlock a rollout, so maxUnavailable becomes 1 then (`ResolveFenceposts`).
 */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = desiredReplicas(d);
  const rolling = d.spec.strategy?.rollingUpdate;
  const maxSurge = resolveIntOrPercent(rolling?.maxSurge, "25%", replicas, true);
  let maxUnavailable = resolveIntOrPercent(rolling?.maxUnavailable, "25%", replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** Absolute maxSurge (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).maxSurge : 0;
}

/** Absolute maxUnavailable, never above replicas (0 for Recreate or zero replicas). */
export function maxUnavailable(d: Deployment): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicas);
}

/** Drop null members and empty objects/arrays, so templates that differ only by omitted defaults compare equal. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const pruned = prune(value[key]);
      if (pruned !== undefined) out[key] = pruned;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return value === null ? undefined : value;
}

/** A template without the pod-template-hash label, pruned of empty members, keys sorted. */
export function canonicalTemplate(template: PodTemplateSpec): unknown {
  const copy = cloneJson(template);
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  if (copy.metadata) delete copy.metadata.creationTimestamp;
  return prune(copy) ?? {};
}

/** Template equality ignoring the pod-template-hash label (`EqualIgnoreHash`). */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return jsonEqual(canonicalTemplate(a), canonicalTemplate(b));
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Alphabet of `rand.SafeEncodeString`: no vowels, no confusable characters. */
const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/**
 * The pod-template-hash: fnv32a over the template (and the collision count, when set), its decimal
 * digits mapped through the safe alphabet, as `controller.ComputeHash` does. Stable across runs.
 */
export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let text = JSON.stringify(canonicalTemplate(template));
  if (collisionCount !== undefined && collisionCount !== null) text += `#${collisionCount}`;
  const digits = String(fnv32a(text));
  let out = "";
  for (let i = 0; i < digits.length; i++) out += SAFE_ALPHABET[digits.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** Copy the Deployment's annotations (minus the skip list) onto a ReplicaSet; true if anything changed. */
export function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  const annotations = (rs.metadata.annotations ??= {});
  for (const [key, value] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(key) || annotations[key] === value) continue;
    annotations[key] = value;
    changed = true;
  }
  return changed;
}

/** Set desired-replicas and max-replicas annotations; true if they changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/**
 * Annotate the new ReplicaSet with the new revision; when an existing ReplicaSet is reused
 * (rollback), keep its earlier revision in revision-history (`SetNewReplicaSetAnnotations`).
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldRevisionText = annotations[REVISION_ANNOTATION];
  const oldRevision = oldRevisionText && /^\d+$/.test(oldRevisionText) ? Number(oldRevisionText) : 0;
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevisionText !== undefined && oldRevisionText !== "") {
      const history = annotations[REVISION_HISTORY_ANNOTATION];
      annotations[REVISION_HISTORY_ANNOTATION] = history ? `${history},${oldRevisionText}` : oldRevisionText;
    }
  }
  if (!exists && setReplicasAnnotations(rs, desiredReplicas(d), desiredReplicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** The Deployment condition of a type, if present. */
export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** A condition stamped now. */
export function newCondition(type: string, status: DeploymentCondition["status"], reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * Set a condition: unchanged when status and reason are the same; keeps lastTransitionTime when
 * only the reason changes (`SetDeploymentCondition`).
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (status.conditions) status.conditions = status.conditions.filter((c) => c.type !== type);
}

/** All replicas updated, running and available, and the latest spec observed (`DeploymentComplete`). */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = desiredReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** Some measurable progress since the last status (`DeploymentProgressing`). */
export function deploymentProgressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (
    (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    oldOld > newOld ||
    (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** `spec.progressDeadlineSeconds` is set (the API server defaults it to 600). */
export function hasProgressDeadline(d: Deployment): boolean {
  const deadline = d.spec.progressDeadlineSeconds;
  return deadline !== undefined && deadline !== null && deadline !== 2147483647;
}

/** The rollout made no progress for progressDeadlineSeconds since the last Progressing update (`DeploymentTimedOut`). */
export function deploymentTimedOut(d: Deployment, status: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, "Progressing");
  if (!condition) return false;
  if (condition.reason === DeploymentReasons.NewReplicaSetAvailable) return false;
  if (condition.reason === DeploymentReasons.ProgressDeadlineExceeded) return true;
  const from = Date.parse(condition.lastUpdateTime ?? "");
  if (Number.isNaN(from)) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < nowMs;
}
