/**
 * kube-scheduler: binds pending pods to nodes that pass the filters in `scheduler-fit.ts`,
 * preferring nodes with fewer pods of the same owner and more free resources, breaking ties with
 * the seeded random source. Pods that fit nowhere stay Pending with PodScheduled=False
 * (Unschedulable) and a FailedScheduling event, and are retried when nodes or pods change and
 * periodically.
 */
import { isSimApiError } from "../errors";
import { cloneJson } from "../store/json-value";
import type { StoreChange } from "../types";
import type { Node, Pod, PodCondition } from "./api-types";
import { objectKey } from "./cluster-cache";
import { controllerRef } from "./pod-util";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { addPodToSnapshot, buildNodeSnapshot, checkNodeFit, unschedulableMessage, type FitFailure, type NodeSnapshot } from "./scheduler-fit";
import { WorkQueue } from "./work-queue";

const SOURCE = { component: "default-scheduler" };

/** Unschedulable pods are retried at least this often even when nothing in the cluster changes. */
export const UNSCHEDULABLE_RETRY_MS = 30_000;

function wantsDefaultScheduler(pod: Pod): boolean {
  const name = pod.spec.schedulerName;
  return !name || name === "default-scheduler";
}

/** Binds pods to nodes. */
export class Scheduler implements Reconciler {
  readonly name = "scheduler";
  readonly queue = new WorkQueue();
  /** Keys of pods that fit nowhere at their last attempt. */
  private readonly unschedulable = new Set<string>();
  /** Snapshots valid for one drain: rebuilt when nodes or bound pods change. */
  private snapshots: NodeSnapshot[] | undefined;
  /** Pods accounted in `snapshots`, so status updates of already-counted pods don't force a rebuild. */
  private accounted = new Set<string>();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    const { resource, object, type } = change;
    if (resource === "nodes") {
      this.snapshots = undefined;
      this.retryUnschedulable();
      return;
    }
    if (resource !== "pods") return;
    const pod = object as Pod;
    const key = objectKey(pod.metadata.namespace, pod.metadata.name);
    if (pod.spec?.nodeName) {
      this.unschedulable.delete(key);
      const freed = type === "DELETED" || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
      if (freed || !this.accounted.has(key)) this.snapshots = undefined;
      // Freed capacity (deleted or finished pod) may let waiting pods in.
      if (freed) this.retryUnschedulable();
      return;
    }
    if (type === "DELETED") {
      this.unschedulable.delete(key);
      this.queue.forget(key);
      return;
    }
    if (type === "ADDED" && wantsDefaultScheduler(pod)) this.queue.add(key);
  }

  private retryUnschedulable(): void {
    for (const key of this.unschedulable) this.queue.add(key);
  }

  reconcile(key: string): void {
    const pod = this.deps.cache.getByKey<Pod>("pods", key);
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp || !wantsDefaultScheduler(pod)) {
      this.unschedulable.delete(key);
      return;
    }
    const snapshots = this.currentSnapshots();
    const failures: FitFailure[] = [];
    const fitting: NodeSnapshot[] = [];
    for (const snapshot of snapshots) {
      const result = checkNodeFit(pod, snapshot, snapshots);
      if (result.fits) fitting.push(snapshot);
      else failures.push(result);
    }
    if (fitting.length === 0) {
      this.markUnschedulable(key, pod, unschedulableMessage(snapshots.length, failures));
      return;
    }
    const chosen = this.pickNode(pod, fitting);
    this.bind(key, pod, chosen);
  }

  private currentSnapshots(): NodeSnapshot[] {
    if (!this.snapshots) {
      this.accounted = new Set();
      this.snapshots = this.deps.cache
        .list<Node>("nodes")
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
        .map((node) => {
          const pods = this.deps.cache.podsOnNode<Pod>(node.metadata.name);
          for (const p of pods) this.accounted.add(objectKey(p.metadata.namespace, p.metadata.name));
          return buildNodeSnapshot(node, pods);
        });
    }
    return this.snapshots;
  }

  /**
   * Score like the default plugins that matter here: spread pods of one owner across nodes
   * (PodTopologySpread's default constraints), then least allocated; random among equals.
   */
  private pickNode(pod: Pod, fitting: NodeSnapshot[]): NodeSnapshot {
    const owner = controllerRef(pod)?.uid;
    const scored = fitting.map((snapshot) => {
      const sameOwner = owner ? snapshot.pods.filter((p) => controllerRef(p)?.uid === owner).length : 0;
      const cpu = snapshot.allocatable.cpuMillis > 0 ? snapshot.requested.cpuMillis / snapshot.allocatable.cpuMillis : 1;
      const memory = snapshot.allocatable.memoryBytes > 0 ? snapshot.requested.memoryBytes / snapshot.allocatable.memoryBytes : 1;
      const podsFraction = snapshot.allocatable.pods > 0 ? snapshot.requested.pods / snapshot.allocatable.pods : 1;
      const leastAllocated = Math.round(100 * (1 - (cpu + memory + podsFraction) / 3));
      return { snapshot, score: -sameOwner * 1000 + leastAllocated };
    });
    const best = Math.max(...scored.map((s) => s.score));
    const top = scored.filter((s) => s.score === best);
    const pick = top[top.length === 1 ? 0 : this.deps.rng.int(0, top.length - 1)];
    return (pick ?? scored[0])!.snapshot;
  }

  private bind(key: string, pod: Pod, target: NodeSnapshot): void {
    const nodeName = target.node.metadata.name;
    const now = this.deps.clock.nowRfc3339();
    const bound = cloneJson(pod);
    bound.spec.nodeName = nodeName;
    try {
      this.accounted.add(key);
      const written = this.deps.store.update("pods", bound, { fieldManager: CONTROLLER_FIELD_MANAGER }) as Pod;
      // The binding sets PodScheduled=True, as the pods/binding subresource does.
      const withStatus = cloneJson(written);
      withStatus.status ??= {};
      const conditions = (withStatus.status.conditions ?? []).filter((c) => c.type !== "PodScheduled");
      conditions.push({ type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now });
      withStatus.status.conditions = conditions;
      this.deps.store.updateStatus("pods", withStatus, { fieldManager: CONTROLLER_FIELD_MANAGER });
      addPodToSnapshot(target, written);
    } catch (error) {
      if (!isSimApiError(error)) throw error;
      this.snapshots = undefined;
      if (error.code !== 404) this.queue.addAt(key, this.deps.clock.nowMs() + 1000);
      return;
    }
    this.unschedulable.delete(key);
    this.deps.events.record({
      object: pod,
      type: "Normal",
      reason: "Scheduled",
      message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      source: SOURCE,
    });
  }

  private markUnschedulable(key: string, pod: Pod, message: string): void {
    this.unschedulable.add(key);
    this.queue.addAt(key, this.deps.clock.nowMs() + UNSCHEDULABLE_RETRY_MS);
    this.deps.events.record({ object: pod, type: "Warning", reason: "FailedScheduling", message, source: SOURCE });
    const existing = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
    if (existing?.status === "False" && existing.reason === "Unschedulable" && existing.message === message) return;
    const condition: PodCondition = {
      type: "PodScheduled",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: existing?.status === "False" ? existing.lastTransitionTime : this.deps.clock.nowRfc3339(),
      reason: "Unschedulable",
      message,
    };
    const updated = cloneJson(pod);
    updated.status ??= {};
    updated.status.phase ??= "Pending";
    updated.status.conditions = [...(updated.status.conditions ?? []).filter((c) => c.type !== "PodScheduled"), condition];
    try {
      this.deps.store.updateStatus("pods", updated, { fieldManager: CONTROLLER_FIELD_MANAGER });
    } catch (error) {
      if (!isSimApiError(error)) throw error;
    }
  }
}
