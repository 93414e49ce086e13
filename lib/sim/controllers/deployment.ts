/**
 * The Deployment controller, ported from k8s.io/kubernetes `pkg/controller/deployment`: finds or
 * creates the ReplicaSet of the current template, scales new and old ReplicaSets within
 * maxSurge/maxUnavailable (RollingUpdate) or all-down-then-up (Recreate), keeps revision
 * annotations and history, honours `spec.paused`, and reports status and the Available and
 * Progressing conditions that `kubectl rollout status` reads.
 */
import { isSimApiError } from "../errors";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { K8sObject, StoreChange } from "../types";
import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from "./api-types";
import { objectKey } from "./cluster-cache";
import {
  DeploymentReasons,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION,
  computeTemplateHash,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  desiredReplicas,
  equalIgnoreHash,
  getCondition,
  hasProgressDeadline,
  isRollingUpdate,
  maxSurge,
  maxUnavailable,
  newCondition,
  removeCondition,
  revisionOf,
  rsReplicas,
  setCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
} from "./deployment-util";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { WorkQueue } from "./work-queue";

const SOURCE = { component: "deployment-controller" };
const DEPLOYMENTS = "deployments.apps";
const REPLICASETS = "replicasets.apps";

function controllerOf(object: K8sObject): { uid: string; name: string; kind: string } | undefined {
  return object.metadata.ownerReferences?.find((ref) => ref.controller);
}

function byCreation(a: K8sObject, b: K8sObject): number {
  const ta = a.metadata.creationTimestamp ?? "";
  const tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function byRevision(a: ReplicaSet, b: ReplicaSet): number {
  const diff = revisionOf(a) - revisionOf(b);
  return diff !== 0 ? diff : byCreation(a, b);
}

function activeReplicaSets(list: (ReplicaSet | undefined)[]): ReplicaSet[] {
  return list.filter((rs): rs is ReplicaSet => rs !== undefined && rsReplicas(rs) > 0);
}

function sumSpecReplicas(list: (ReplicaSet | undefined)[]): number {
  return list.reduce((sum, rs) => sum + (rs ? rsReplicas(rs) : 0), 0);
}

function sumStatus(list: (ReplicaSet | undefined)[], field: "replicas" | "readyReplicas" | "availableReplicas"): number {
  return list.reduce((sum, rs) => sum + (rs?.status?.[field] ?? 0), 0);
}

/** A status with zero counters omitted, as the API server serialises `omitempty` fields. */
function compactStatus(status: DeploymentStatus): DeploymentStatus {
  const out: DeploymentStatus = {};
  if (status.observedGeneration) out.observedGeneration = status.observedGeneration;
  if (status.replicas) out.replicas = status.replicas;
  if (status.updatedReplicas) out.updatedReplicas = status.updatedReplicas;
  if (status.readyReplicas) out.readyReplicas = status.readyReplicas;
  if (status.availableReplicas) out.availableReplicas = status.availableReplicas;
  if (status.unavailableReplicas) out.unavailableReplicas = status.unavailableReplicas;
  if (status.conditions && status.conditions.length > 0) out.conditions = status.conditions;
  if (status.collisionCount) out.collisionCount = status.collisionCount;
  return out;
}

/** Reconciles Deployments into ReplicaSets. */
export class DeploymentController implements Reconciler {
  readonly name = "deployment";
  readonly queue = new WorkQueue();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    if (change.resource === DEPLOYMENTS) {
      this.queue.add(objectKey(change.object.metadata.namespace, change.object.metadata.name));
    } else if (change.resource === REPLICASETS) {
      const owner = controllerOf(change.object);
      if (owner?.kind === "Deployment") this.queue.add(objectKey(change.object.metadata.namespace, owner.name));
    } else if (change.resource === "pods" && change.type === "DELETED") {
      // Recreate waits for old pods to be gone; a pod deletion can unblock it.
      const rsRef = controllerOf(change.object);
      if (!rsRef || rsRef.kind !== "ReplicaSet") return;
      const rs = this.deps.cache.get<ReplicaSet>(REPLICASETS, change.object.metadata.namespace, rsRef.name);
      const owner = rs && controllerOf(rs);
      if (owner?.kind === "Deployment") this.queue.add(objectKey(change.object.metadata.namespace, owner.name));
    }
  }

  reconcile(key: string): void {
    const d = this.deps.cache.getByKey<Deployment>(DEPLOYMENTS, key);
    if (!d || d.metadata.deletionTimestamp) return;
    let deployment = cloneJson(d);
    const rsList = this.deps.cache
      .ownedBy<ReplicaSet>(REPLICASETS, d.metadata.uid)
      .filter((rs) => controllerOf(rs)?.uid === d.metadata.uid)
      .map((rs) => cloneJson(rs));
    try {
      deployment = this.checkPausedConditions(deployment);
      if (deployment.spec.paused) {
        this.sync(deployment, rsList);
        return;
      }
      if (this.isScalingEvent(deployment, rsList)) {
        this.sync(deployment, rsList);
        return;
      }
      if (isRollingUpdate(deployment)) this.rolloutRolling(deployment, rsList);
      else this.rolloutRecreate(deployment, rsList);
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      // Conflicts and refused writes are retried shortly, like a rate-limited requeue.
      this.queue.addAt(key, this.deps.clock.nowMs() + 1000);
    }
  }

  // ---- revision and new ReplicaSet -------------------------------------------------------

  private findNewReplicaSet(d: Deployment, rsList: ReplicaSet[]): ReplicaSet | undefined {
    // Oldest first: if several share the template, the oldest is the real one.
    return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
  }

  /** Returns [newRS, oldRSs], creating the new ReplicaSet when asked, and syncs the revision annotations. */
  private getAllReplicaSetsAndSyncRevision(d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): { newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const existing = this.findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs !== existing);
    const newRS = this.getNewReplicaSet(d, rsList, oldRSs, existing, createIfNotExisted);
    return { newRS, oldRSs };
  }

  private getNewReplicaSet(d: Deployment, rsList: ReplicaSet[], oldRSs: ReplicaSet[], existing: ReplicaSet | undefined, create: boolean): ReplicaSet | undefined {
    const now = this.deps.clock.nowRfc3339();
    const maxOldRevision = oldRSs.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
    const newRevision = maxOldRevision + 1;

    if (existing) {
      const rsCopy = cloneJson(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
      const minReadyChanged = (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      let current = existing;
      if (annotationsUpdated || minReadyChanged) {
        rsCopy.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        current = this.write(REPLICASETS, rsCopy) as ReplicaSet;
        this.replaceIn(rsList, current);
      }
      const revisionChanged = this.setDeploymentRevision(d, current.metadata.annotations?.[REVISION_ANNOTATION] ?? String(newRevision));
      if (revisionChanged) this.writeDeploymentMeta(d);
      if (hasProgressDeadline(d) && !getCondition(d.status, "Progressing")) {
        const status = cloneJson(d.status ?? {});
        setCondition(status, newCondition("Progressing", "True", DeploymentReasons.FoundNewReplicaSet, `Found new replica set "${current.metadata.name}"`, now));
        this.writeDeploymentStatus(d, status);
      }
      return current;
    }
    if (!create) return undefined;

    const collisionCount = d.status?.collisionCount;
    const hash = computeTemplateHash(d.spec.template, collisionCount);
    const template = cloneJson(d.spec.template);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = cloneJson(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const newRS: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        uid: "",
        resourceVersion: "",
        creationTimestamp: "",
        labels: { ...template.metadata.labels },
        ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d.metadata.name, uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    const replicas = this.newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false);
    const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ct, ...meta } = newRS.metadata;
    void _uid;
    void _rv;
    void _ct;
    let created: ReplicaSet;
    try {
      created = this.deps.store.create(REPLICASETS, { ...newRS, metadata: meta }, { fieldManager: CONTROLLER_FIELD_MANAGER }) as ReplicaSet;
    } catch (error) {
      if (isSimApiError(error) && error.reason === "AlreadyExists") {
        const clash = this.deps.cache.get<ReplicaSet>(REPLICASETS, d.metadata.namespace, newRS.metadata.name);
        if (clash && controllerOf(clash)?.uid === d.metadata.uid && equalIgnoreHash(clash.spec.template, d.spec.template)) {
          return clash;
        }
        // A hash collision: bump collisionCount so the next attempt hashes differently.
        const status = cloneJson(d.status ?? {});
        status.collisionCount = (status.collisionCount ?? 0) + 1;
        this.writeDeploymentStatus(d, status);
      }
      throw error;
    }
    rsList.push(created);
    if (replicas > 0) {
      this.deps.events.record({ object: d, type: "Normal", reason: "ScalingReplicaSet", message: `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`, source: SOURCE });
    }
    if (this.setDeploymentRevision(d, String(newRevision))) this.writeDeploymentMeta(d);
    if (hasProgressDeadline(d)) {
      const status = cloneJson(d.status ?? {});
      setCondition(status, newCondition("Progressing", "True", DeploymentReasons.NewReplicaSetCreated, `Created new replica set "${created.metadata.name}"`, now));
      this.writeDeploymentStatus(d, status);
    }
    return created;
  }

  private setDeploymentRevision(d: Deployment, revision: string): boolean {
    const annotations = (d.metadata.annotations ??= {});
    if (annotations[REVISION_ANNOTATION] === revision) return false;
    annotations[REVISION_ANNOTATION] = revision;
    return true;
  }

  // ---- strategies ------------------------------------------------------------------------

  private rolloutRolling(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, true);
    if (!newRS) return;
    const allRSs = [...oldRSs, newRS];
    if (this.reconcileNewReplicaSet(d, allRSs, newRS)) {
      this.syncRolloutStatus(d, allRSs, newRS);
      return;
    }
    if (this.reconcileOldReplicaSets(d, allRSs, activeReplicaSets(oldRSs), newRS)) {
      this.syncRolloutStatus(d, allRSs, newRS);
      return;
    }
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(d, oldRSs);
    this.syncRolloutStatus(d, allRSs, newRS);
  }

  private rolloutRecreate(d: Deployment, rsList: ReplicaSet[]): void {
    const found = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    const oldRSs = found.oldRSs;
    let newRS = found.newRS;
    const allRSs = (): ReplicaSet[] => (newRS ? [...oldRSs, newRS] : [...oldRSs]);
    let scaledDown = false;
    for (const rs of activeReplicaSets(oldRSs)) {
      if (this.scaleReplicaSetAndRecordEvent(d, rs, 0, oldRSs)) scaledDown = true;
    }
    if (scaledDown) {
      this.syncRolloutStatus(d, allRSs(), newRS);
      return;
    }
    // Recreate means no old pod may run next to a new one: wait until they are all gone.
    const oldPodsRunning = oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0 || this.podsOf(rs).some((p) => p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed"));
    if (oldPodsRunning) {
      this.syncRolloutStatus(d, allRSs(), newRS);
      return;
    }
    if (!newRS) {
      newRS = this.getNewReplicaSet(d, rsList, oldRSs, undefined, true);
      if (!newRS) return;
    }
    this.scaleReplicaSetAndRecordEvent(d, newRS, desiredReplicas(d), rsList);
    if (deploymentComplete(d, d.status ?? {})) this.cleanupDeployment(d, oldRSs);
    this.syncRolloutStatus(d, allRSs(), newRS);
  }

  /** How many replicas the new ReplicaSet may have now (`NewRSNewReplicas`). */
  private newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
    if (!isRollingUpdate(d)) return desiredReplicas(d);
    const current = sumSpecReplicas(allRSs);
    const maxTotal = desiredReplicas(d) + maxSurge(d);
    if (current >= maxTotal) return rsReplicas(newRS);
    const scaleUp = Math.min(maxTotal - current, desiredReplicas(d) - rsReplicas(newRS));
    return rsReplicas(newRS) + scaleUp;
  }

  private reconcileNewReplicaSet(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
    const replicas = desiredReplicas(d);
    if (rsReplicas(newRS) === replicas) return false;
    if (rsReplicas(newRS) > replicas) return this.scaleReplicaSetAndRecordEvent(d, newRS, replicas, allRSs);
    return this.scaleReplicaSetAndRecordEvent(d, newRS, this.newRSNewReplicas(d, allRSs, newRS), allRSs);
  }

  private reconcileOldReplicaSets(d: Deployment, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): boolean {
    const oldPods = sumSpecReplicas(oldRSs);
    if (oldPods === 0) return false;
    const allPods = sumSpecReplicas(allRSs);
    const minAvailable = desiredReplicas(d) - maxUnavailable(d);
    const newRSUnavailable = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newRSUnavailable;
    if (maxScaledDown <= 0) return false;
    // Unhealthy old replicas go first: removing them never costs availability.
    let cleanup = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (cleanup >= maxScaledDown) break;
      const available = rs.status?.availableReplicas ?? 0;
      if (rsReplicas(rs) === 0 || rsReplicas(rs) === available) continue;
      const count = Math.min(maxScaledDown - cleanup, rsReplicas(rs) - available);
      this.scaleReplicaSetAndRecordEvent(d, rs, rsReplicas(rs) - count, allRSs);
      cleanup += count;
    }
    const scaledDown = this.scaleDownOldReplicaSetsForRollingUpdate(d, allRSs, oldRSs);
    return cleanup + scaledDown > 0;
  }

  private scaleDownOldReplicaSetsForRollingUpdate(d: Deployment, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): number {
    const minAvailable = desiredReplicas(d) - maxUnavailable(d);
    const available = sumStatus(allRSs, "availableReplicas");
    if (available <= minAvailable) return 0;
    const total = available - minAvailable;
    let scaled = 0;
    for (const rs of [...oldRSs].sort(byCreation)) {
      if (scaled >= total) break;
      if (rsReplicas(rs) === 0) continue;
      const count = Math.min(rsReplicas(rs), total - scaled);
      this.scaleReplicaSetAndRecordEvent(d, rs, rsReplicas(rs) - count, allRSs);
      scaled += count;
    }
    return scaled;
  }

  // ---- scaling -----------------------------------------------------------------------------

  private isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    for (const rs of activeReplicaSets([...oldRSs, newRS])) {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      if (desired === undefined || !/^\d+$/.test(desired)) continue;
      if (Number(desired) !== desiredReplicas(d)) return true;
    }
    return false;
  }

  /** Scaling-only sync for paused Deployments and replica-count changes (`sync`). */
  private sync(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    this.scale(d, newRS, oldRSs, rsList);
    if (d.spec.paused) this.cleanupDeployment(d, oldRSs);
    const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
    this.syncDeploymentStatus(d, allRSs, newRS);
  }

  private scale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], rsList: ReplicaSet[]): void {
    const replicas = desiredReplicas(d);
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) !== replicas) this.scaleReplicaSetAndRecordEvent(d, activeOrLatest, replicas, rsList);
      return;
    }
    if (newRS && this.isSaturated(d, newRS)) {
      for (const old of activeReplicaSets(oldRSs)) this.scaleReplicaSetAndRecordEvent(d, old, 0, rsList);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const all = activeReplicaSets([...oldRSs, newRS]);
    const allowedSize = replicas > 0 ? replicas + maxSurge(d) : 0;
    const toAdd = allowedSize - sumSpecReplicas(all);
    // Larger first; on ties newer first when growing and older first when shrinking.
    all.sort((a, b) => {
      if (rsReplicas(a) !== rsReplicas(b)) return rsReplicas(b) - rsReplicas(a);
      return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
    });
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd === 0) {
        sizes.set(rs.metadata.name, rsReplicas(rs));
        continue;
      }
      const proportion = this.proportion(d, rs, toAdd, added);
      sizes.set(rs.metadata.name, rsReplicas(rs) + proportion);
      added += proportion;
    }
    all.forEach((rs, i) => {
      let size = sizes.get(rs.metadata.name) ?? rsReplicas(rs);
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
      this.scaleReplicaSetAndRecordEvent(d, rs, size, rsList);
    });
  }

  private proportion(d: Deployment, rs: ReplicaSet, toAdd: number, added: number): number {
    if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    let fraction: number;
    if (desiredReplicas(d) === 0) fraction = -rsReplicas(rs);
    else {
      const deploymentReplicas = desiredReplicas(d) + maxSurge(d);
      const annotated = Number(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION] ?? d.status?.replicas ?? 0) || 1;
      fraction = Math.round((rsReplicas(rs) * deploymentReplicas) / annotated) - rsReplicas(rs);
    }
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  private findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const newestFirst = [...oldRSs].sort((a, b) => -byCreation(a, b));
    const active = activeReplicaSets([...newestFirst, newRS]);
    if (active.length === 0) return newRS ?? newestFirst[0];
    if (active.length === 1) return active[0];
    return undefined;
  }

  private isSaturated(d: Deployment, rs: ReplicaSet): boolean {
    const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
    return Number(desired) === desiredReplicas(d) && rsReplicas(rs) === desiredReplicas(d) && (rs.status?.availableReplicas ?? 0) === desiredReplicas(d);
  }

  /** Scale a ReplicaSet (and refresh its replicas annotations); records ScalingReplicaSet. True if its size changed. */
  private scaleReplicaSetAndRecordEvent(d: Deployment, rs: ReplicaSet, newScale: number, rsList: ReplicaSet[]): boolean {
    const oldScale = rsReplicas(rs);
    const copy = cloneJson(rs);
    const sizeChanged = oldScale !== newScale;
    const annotationsChanged = setReplicasAnnotations(copy, desiredReplicas(d), desiredReplicas(d) + maxSurge(d));
    if (!sizeChanged && !annotationsChanged) return false;
    copy.spec.replicas = newScale;
    const written = this.write(REPLICASETS, copy) as ReplicaSet;
    Object.assign(rs, written);
    this.replaceIn(rsList, written);
    if (sizeChanged) {
      const direction = newScale > oldScale ? "up" : "down";
      this.deps.events.record({
        object: d,
        type: "Normal",
        reason: "ScalingReplicaSet",
        message: `Scaled ${direction} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
        source: SOURCE,
      });
    }
    return sizeChanged;
  }

  /** Delete old, fully scaled-down ReplicaSets beyond revisionHistoryLimit, oldest revision first. */
  private cleanupDeployment(d: Deployment, oldRSs: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.deps.store.delete(REPLICASETS, rs.metadata.namespace ?? null, rs.metadata.name, { fieldManager: CONTROLLER_FIELD_MANAGER });
      } catch (error) {
        if (!isSimApiError(error) || error.code !== 404) throw error;
      }
    }
  }

  // ---- status ------------------------------------------------------------------------------

  private calculateStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
    const available = sumStatus(allRSs, "availableReplicas");
    const total = sumSpecReplicas(allRSs);
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sumStatus(allRSs, "replicas"),
      updatedReplicas: newRS ? (newRS.status?.replicas ?? 0) : 0,
      readyReplicas: sumStatus(allRSs, "readyReplicas"),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: cloneJson(d.status?.conditions ?? []),
      collisionCount: d.status?.collisionCount,
    };
    const now = this.deps.clock.nowRfc3339();
    if (available >= desiredReplicas(d) - maxUnavailable(d)) {
      setCondition(status, newCondition("Available", "True", DeploymentReasons.MinimumReplicasAvailable, "Deployment has minimum availability.", now));
    } else {
      setCondition(status, newCondition("Available", "False", DeploymentReasons.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
    }
    return status;
  }

  private syncDeploymentStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    this.writeDeploymentStatus(d, this.calculateStatus(d, allRSs, newRS));
  }

  /** Status plus the Progressing condition and its deadline (`syncRolloutStatus`). */
  private syncRolloutStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): void {
    const status = this.calculateStatus(d, allRSs, newRS);
    const now = this.deps.clock.nowRfc3339();
    const nowMs = this.deps.clock.nowMs();
    if (!hasProgressDeadline(d)) removeCondition(status, "Progressing");
    const current = getCondition(d.status, "Progressing");
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === DeploymentReasons.NewReplicaSetAvailable;
    if (hasProgressDeadline(d) && !isComplete) {
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(d, status)) {
        const message = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
        setCondition(status, newCondition("Progressing", "True", DeploymentReasons.NewReplicaSetAvailable, message, now));
      } else if (deploymentProgressing(d, status)) {
        const message = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
        const condition = newCondition("Progressing", "True", DeploymentReasons.ReplicaSetUpdated, message, now);
        // Progress refreshes lastUpdateTime (the deadline restarts) but keeps lastTransitionTime.
        if (current?.status === "True") condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, "Progressing");
        setCondition(status, condition);
      } else if (deploymentTimedOut(d, status, nowMs)) {
        const message = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
        setCondition(status, newCondition("Progressing", "False", DeploymentReasons.ProgressDeadlineExceeded, message, now));
      }
    }
    const failure = allRSs.map((rs) => rs.status?.conditions?.find((c) => c.type === "ReplicaFailure" && c.status === "True")).find((c) => c !== undefined);
    if (failure) {
      setCondition(status, { type: "ReplicaFailure", status: "True", reason: failure.reason, message: failure.message, lastUpdateTime: now, lastTransitionTime: now });
    } else removeCondition(status, "ReplicaFailure");
    this.writeDeploymentStatus(d, status);
    // Re-check when the deadline would pass if nothing else happens (`requeueStuckDeployment`).
    const progressing = getCondition(status, "Progressing");
    if (hasProgressDeadline(d) && progressing && progressing.reason !== DeploymentReasons.NewReplicaSetAvailable && progressing.reason !== DeploymentReasons.ProgressDeadlineExceeded) {
      const from = Date.parse(progressing.lastUpdateTime ?? "") || nowMs;
      const due = from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 + 1000;
      this.queue.addAt(objectKey(d.metadata.namespace, d.metadata.name), Math.max(due, nowMs + 1000));
    }
  }

  private checkPausedConditions(d: Deployment): Deployment {
    if (!hasProgressDeadline(d)) return d;
    const condition = getCondition(d.status, "Progressing");
    if (condition?.reason === DeploymentReasons.ProgressDeadlineExceeded) return d;
    const pausedReason = condition?.reason === DeploymentReasons.DeploymentPaused;
    const now = this.deps.clock.nowRfc3339();
    let next: DeploymentStatus | undefined;
    if (d.spec.paused && !pausedReason) {
      next = cloneJson(d.status ?? {});
      setCondition(next, newCondition("Progressing", "Unknown", DeploymentReasons.DeploymentPaused, "Deployment is paused", now));
    } else if (!d.spec.paused && pausedReason) {
      next = cloneJson(d.status ?? {});
      setCondition(next, newCondition("Progressing", "Unknown", DeploymentReasons.DeploymentResumed, "Deployment is resumed", now));
    }
    if (next) this.writeDeploymentStatus(d, next);
    return d;
  }

  // ---- writes ------------------------------------------------------------------------------

  private podsOf(rs: ReplicaSet): Pod[] {
    return this.deps.cache.ownedBy<Pod>("pods", rs.metadata.uid);
  }

  private write(resource: string, object: K8sObject): K8sObject {
    return this.deps.store.update(resource, object, { fieldManager: CONTROLLER_FIELD_MANAGER });
  }

  private replaceIn(list: ReplicaSet[], updated: ReplicaSet): void {
    const index = list.findIndex((rs) => rs.metadata.uid === updated.metadata.uid);
    if (index >= 0) list[index] = updated;
  }

  /** Persist annotation changes on the Deployment, keeping the working copy's resourceVersion current. */
  private writeDeploymentMeta(d: Deployment): void {
    const latest = this.deps.cache.get<Deployment>(DEPLOYMENTS, d.metadata.namespace, d.metadata.name);
    if (!latest) return;
    const copy = cloneJson(latest);
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), ...(d.metadata.annotations ?? {}) };
    if (jsonEqual(copy.metadata.annotations, latest.metadata.annotations)) return;
    const written = this.write(DEPLOYMENTS, copy) as Deployment;
    d.metadata = cloneJson(written.metadata);
  }

  /** Write status when it differs; the working copy follows. */
  private writeDeploymentStatus(d: Deployment, status: DeploymentStatus): void {
    const compact = compactStatus(status);
    if (jsonEqual(compact, d.status ?? {})) return;
    const latest = this.deps.cache.get<Deployment>(DEPLOYMENTS, d.metadata.namespace, d.metadata.name);
    if (!latest) return;
    const written = this.deps.store.updateStatus(DEPLOYMENTS, { ...cloneJson(latest), status: compact }, { fieldManager: CONTROLLER_FIELD_MANAGER }) as Deployment;
    d.status = cloneJson(written.status ?? compact);
    d.metadata.resourceVersion = written.metadata.resourceVersion;
  }
}
