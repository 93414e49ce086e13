/**
 * NoExecute taints evict running pods that don't tolerate them (after `tolerationSeconds` when
 * the toleration sets one), as the taint-eviction controller does.
 */
import { isSimApiError } from "../errors";
import type { StoreChange } from "../types";
import type { Node, Pod, Taint } from "./api-types";
import { objectKey } from "./cluster-cache";
import { CONTROLLER_FIELD_MANAGER, type ControllerDeps, type Reconciler } from "./reconciler";
import { toleratesTaint } from "./scheduler-fit";
import { WorkQueue } from "./work-queue";

const SOURCE = { component: "taint-eviction-controller" };

/** When a pod must leave a node with these taints: now, later, or never (undefined). */
export function evictionDelayMs(pod: Pod, taints: Taint[]): number | undefined {
  let delay: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== "NoExecute") continue;
    const tolerations = (pod.spec.tolerations ?? []).filter((t) => toleratesTaint(t, taint));
    if (tolerations.length === 0) return 0;
    // The shortest bounded toleration wins; an unbounded one tolerates forever.
    const bounded = tolerations.every((t) => t.tolerationSeconds !== undefined && t.tolerationSeconds !== null);
    if (!bounded) continue;
    const seconds = Math.min(...tolerations.map((t) => Math.max(0, t.tolerationSeconds ?? 0)));
    delay = delay === undefined ? seconds * 1000 : Math.min(delay, seconds * 1000);
  }
  return delay;
}

/** Evicts pods from nodes with untolerated NoExecute taints. */
export class TaintEvictionController implements Reconciler {
  readonly name = "taint-eviction";
  readonly queue = new WorkQueue();
  /** pod key → instant it is due for eviction. */
  private readonly due = new Map<string, number>();

  constructor(private readonly deps: ControllerDeps) {}

  onChange(change: StoreChange): void {
    if (change.resource === "nodes") {
      const node = change.object as Node;
      if (change.type === "DELETED") return;
      for (const pod of this.deps.cache.podsOnNode<Pod>(node.metadata.name)) this.queue.add(objectKey(pod.metadata.namespace, pod.metadata.name));
    } else if (change.resource === "pods" && change.type === "ADDED" && (change.object as Pod).spec?.nodeName) {
      this.queue.add(objectKey(change.object.metadata.namespace, change.object.metadata.name));
    } else if (change.resource === "pods" && change.type === "MODIFIED" && (change.object as Pod).spec?.nodeName && !this.due.has(objectKey(change.object.metadata.namespace, change.object.metadata.name))) {
      // Binding arrives as an update: check once per pod when it lands on a tainted node.
      const node = this.deps.cache.get<Node>("nodes", null, (change.object as Pod).spec.nodeName!);
      if (node?.spec?.taints?.some((t) => t.effect === "NoExecute")) this.queue.add(objectKey(change.object.metadata.namespace, change.object.metadata.name));
    }
  }

  reconcile(key: string): void {
    const pod = this.deps.cache.getByKey<Pod>("pods", key);
    if (!pod || !pod.spec.nodeName || pod.metadata.deletionTimestamp) {
      this.due.delete(key);
      return;
    }
    const node = this.deps.cache.get<Node>("nodes", null, pod.spec.nodeName);
    const delay = evictionDelayMs(pod, node?.spec?.taints ?? []);
    if (delay === undefined) {
      this.due.delete(key);
      return;
    }
    const now = this.deps.clock.nowMs();
    const dueAt = this.due.get(key) ?? now + delay;
    if (dueAt > now) {
      this.due.set(key, dueAt);
      this.queue.addAt(key, dueAt);
      return;
    }
    this.due.delete(key);
    this.deps.events.record({ object: pod, type: "Normal", reason: "TaintManagerEviction", message: `Marking for deletion Pod ${key}`, source: SOURCE });
    try {
      this.deps.store.delete("pods", pod.metadata.namespace ?? null, pod.metadata.name, { fieldManager: CONTROLLER_FIELD_MANAGER });
    } catch (error) {
      if (!isSimApiError(error) || error.code !== 404) throw error;
    }
  }
}
