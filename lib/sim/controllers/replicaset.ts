/**
 * The ReplicaSet controller (`pkg/controller/replicaset`): keeps the number of active pods equal to
 * `spec.replicas`, creating them from the template (generateName `<rs>-`, controller owner
 * reference) in slow-start batches and deleting the least valuable ones first; records
 * SuccessfulCreate / FailedCreate / SuccessfulDelete events and the ReplicaFailure condition.
 */
import { isSimApiError, type SimApiError } from "../errors";
import { labelSelectorFromSpec, matchesLabels } from "../selectors";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { StoreChange } from "../types";
import type { Pod, ReplicaSet, ReplicaSetStatus } from "./api-types";
import { objectKey } from "./cluster-cache";
import { controllerRef, isPodActive, isPodAvailable, isPodReady, podCondition } from "./pod-util";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { WorkQueue } from "./work-queue";

const SOURCE = { component: "replicaset-controller" };
const REPLICASETS = "replicasets.apps";

/** At most this many pods are created or deleted in one sync (`BurstReplicas`). */
export const BURST_REPLICAS = 500;

/** Retry delay after a refused pod creation: doubles per failure up to this cap. */
const MAX_RETRY_MS = 60_000;

function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Order pods so the ones to delete first come first (`ActivePodsWithRanks`): unscheduled, then
 * pending, then not ready, then doubled-up on a node, then ready for less time, then more
 * restarts, then newer.
 */
export function rankPodsForDeletion(pods: Pod[]): Pod[] {
  const perNode = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec.nodeName;
    if (node) perNode.set(node, (perNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: Pod) => (pod.spec.nodeName ? (perNode.get(pod.spec.nodeName) ?? 0) : 0);
  return [...pods].sort((a, b) => {
    const assignedA = a.spec.nodeName ? 1 : 0;
    const assignedB = b.spec.nodeName ? 1 : 0;
    if (assignedA !== assignedB) return assignedA - assignedB;
    const phaseA = PHASE_RANK[a.status?.phase ?? "Pending"] ?? 0;
    const phaseB = PHASE_RANK[b.status?.phase ?? "Pending"] ?? 0;
    if (phaseA !== phaseB) return phaseA - phaseB;
    const readyA = isPodReady(a) ? 1 : 0;
    const readyB = isPodReady(b) ? 1 : 0;
    if (readyA !== readyB) return readyA - readyB;
    const costA = Number(a.metadata.annotations?.["controller.kubernetes.io/pod-deletion-cost"] ?? 0) || 0;
    const costB = Number(b.metadata.annotations?.["controller.kubernetes.io/pod-deletion-cost"] ?? 0) || 0;
    if (costA !== costB) return costA - costB;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (readyA && readyB) {
      const sinceA = podCondition(a, "Ready")?.lastTransitionTime ?? "";
      const sinceB = podCondition(b, "Ready")?.lastTransitionTime ?? "";
      if (sinceA !== sinceB) return sinceA > sinceB ? -1 : 1;
    }
    if (restartCount(a) !== restartCount(b)) return restartCount(b) - restartCount(a);
    const createdA = a.metadata.creationTimestamp ?? "";
    const createdB = b.metadata.creationTimestamp ?? "";
    if (createdA !== createdB) return createdA > createdB ? -1 : 1;
    return a.metadata.name > b.metadata.name ? -1 : 1;
  });
}

/** Reconciles ReplicaSets into pods. */
export class ReplicaSetController implements Reconciler {
  readonly name = "replicaset";
  readonly queue = new WorkQueue();
  /** Consecutive creation failures per ReplicaSet key, for back-off. */
  private readonly failures = new Map<string, number>();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    const { resource, object } = change;
    if (resource === REPLICASETS) {
      const key = objectKey(object.metadata.namespace, object.metadata.name);
      if (change.type === "DELETED") this.failures.delete(key);
      this.queue.add(key);
    } else if (resource === "pods") {
      const owner = controllerRef(object);
      if (owner?.kind === "ReplicaSet") this.queue.add(objectKey(object.metadata.namespace, owner.name));
    } else if (resource === "resourcequotas") {
      // A raised quota lets refused creations through now rather than at the next back-off retry.
      for (const key of this.failures.keys()) {
        if (key.startsWith(`${object.metadata.namespace}/`)) this.queue.add(key);
      }
    }
  }

  reconcile(key: string): void {
    const rs = this.deps.cache.getByKey<ReplicaSet>(REPLICASETS, key);
    if (!rs) return;
    const owned = this.deps.cache.ownedBy<Pod>("pods", rs.metadata.uid).filter((pod) => controllerRef(pod)?.uid === rs.metadata.uid);
    let active = owned.filter(isPodActive);
    let manageError: { error: SimApiError; creating: boolean } | undefined;
    if (!rs.metadata.deletionTimestamp) {
      const result = this.manageReplicas(rs, active);
      manageError = result.error;
      active = this.deps.cache
        .ownedBy<Pod>("pods", rs.metadata.uid)
        .filter((pod) => controllerRef(pod)?.uid === rs.metadata.uid && isPodActive(pod));
    }
    this.updateStatus(rs, active, manageError);
    const now = this.deps.clock.nowMs();
    if (manageError) {
      const failures = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, failures);
      this.queue.addAt(key, now + Math.min(MAX_RETRY_MS, 1000 * 2 ** (failures - 1)));
    } else this.failures.delete(key);
    // Pods become available minReadySeconds after turning ready: look again then.
    const minReady = rs.spec.minReadySeconds ?? 0;
    if (minReady > 0) {
      for (const pod of active) {
        if (!isPodReady(pod) || isPodAvailable(pod, minReady, now)) continue;
        const since = Date.parse(podCondition(pod, "Ready")?.lastTransitionTime ?? "");
        if (!Number.isNaN(since)) this.queue.addAt(key, since + minReady * 1000);
      }
    }
  }

  private manageReplicas(rs: ReplicaSet, active: Pod[]): { error?: { error: SimApiError; creating: boolean } } {
    const desired = rs.spec.replicas ?? 1;
    const diff = active.length - desired;
    if (diff < 0) {
      const toCreate = Math.min(-diff, BURST_REPLICAS);
      // Slow start: 1, 2, 4, ... so a refused creation (quota) fails once, not hundreds of times.
      let remaining = toCreate;
      let batch = 1;
      while (remaining > 0) {
        const size = Math.min(batch, remaining);
        for (let i = 0; i < size; i++) {
          const error = this.createPod(rs);
          if (error) return { error: { error, creating: true } };
        }
        remaining -= size;
        batch *= 2;
      }
    } else if (diff > 0) {
      const victims = rankPodsForDeletion(active).slice(0, Math.min(diff, BURST_REPLICAS));
      for (const pod of victims) {
        try {
          this.deps.store.delete("pods", pod.metadata.namespace ?? null, pod.metadata.name, { fieldManager: CONTROLLER_FIELD_MANAGER });
          this.deps.events.record({ object: rs, type: "Normal", reason: "SuccessfulDelete", message: `Deleted pod: ${pod.metadata.name}`, source: SOURCE });
        } catch (error) {
          if (!isSimApiError(error)) throw error;
          if (error.code === 404) continue;
          this.deps.events.record({ object: rs, type: "Warning", reason: "FailedDelete", message: `Error deleting: ${error.message}`, source: SOURCE });
          return { error: { error, creating: false } };
        }
      }
    }
    return {};
  }

  private createPod(rs: ReplicaSet): SimApiError | undefined {
    const template = rs.spec.template;
    const metadata: Record<string, unknown> = {
      generateName: `${rs.metadata.name}-`,
      namespace: rs.metadata.namespace,
      labels: { ...(template.metadata?.labels ?? {}) },
      ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: rs.metadata.name, uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }],
    };
    if (template.metadata?.annotations) metadata.annotations = { ...template.metadata.annotations };
    try {
      const pod = this.deps.store.create("pods", { apiVersion: "v1", kind: "Pod", metadata, spec: cloneJson(template.spec) }, { fieldManager: CONTROLLER_FIELD_MANAGER });
      this.deps.events.record({ object: rs, type: "Normal", reason: "SuccessfulCreate", message: `Created pod: ${pod.metadata.name}`, source: SOURCE });
      return undefined;
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      this.deps.events.record({ object: rs, type: "Warning", reason: "FailedCreate", message: `Error creating: ${error.message}`, source: SOURCE });
      return error;
    }
  }

  private updateStatus(rs: ReplicaSet, active: Pod[], manageError: { error: SimApiError; creating: boolean } | undefined): void {
    const now = this.deps.clock.nowMs();
    const templateLabels = labelSelectorFromSpec({ matchLabels: rs.spec.template.metadata?.labels ?? {} });
    const minReady = rs.spec.minReadySeconds ?? 0;
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    for (const pod of active) {
      if (matchesLabels(templateLabels, pod.metadata.labels)) fullyLabeled++;
      if (isPodReady(pod)) ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
    const status: ReplicaSetStatus = { replicas: active.length };
    if (fullyLabeled) status.fullyLabeledReplicas = fullyLabeled;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation ?? 1;
    const existingFailure = rs.status?.conditions?.find((c) => c.type === "ReplicaFailure");
    const conditions = (rs.status?.conditions ?? []).filter((c) => c.type !== "ReplicaFailure");
    if (manageError) {
      // As the real controller: the first failure sets the condition, later ones leave it alone
      // (each refused pod has a new generated name, so its message would change every retry).
      conditions.push(
        existingFailure ?? {
          type: "ReplicaFailure",
          status: "True",
          reason: manageError.creating ? "FailedCreate" : "FailedDelete",
          message: manageError.error.message,
          lastTransitionTime: this.deps.clock.nowRfc3339(),
        },
      );
    }
    if (conditions.length > 0) status.conditions = conditions;
    if (jsonEqual(status, rs.status ?? {})) return;
    const latest = this.deps.cache.get<ReplicaSet>(REPLICASETS, rs.metadata.namespace, rs.metadata.name);
    if (!latest) return;
    try {
      this.deps.store.updateStatus(REPLICASETS, { ...cloneJson(latest), status }, { fieldManager: CONTROLLER_FIELD_MANAGER });
    } catch (error) {
      if (!isSimApiError(error) || error.code !== 404) throw error;
    }
  }
}
