/**
 * What every controller (and the kubelet) looks like to the controller manager: it maps store
 * changes to queued keys, reconciles one key at a time idempotently, and may do periodic work.
 */
import type { SimClock } from "../clock";
import type { SeededRandom } from "../rng";
import type { ObjectStore, StoreChange } from "../types";
import type { ClusterCache } from "./cluster-cache";
import type { EventSink } from "./events";
import type { WorkQueue } from "./work-queue";

/** Shared services handed to each controller. */
export interface ControllerDeps {
  store: ObjectStore;
  cache: ClusterCache;
  clock: SimClock;
  rng: SeededRandom;
  events: EventSink;
}

/** Field manager of controller writes: the store exempts them from user-facing admission only. */
export const CONTROLLER_FIELD_MANAGER = "controller";

export interface Reconciler {
  readonly name: string;
  readonly queue: WorkQueue;
  /** Queue the keys a store change affects. Must not write to the store. */
  onChange(change: StoreChange): void;
  /** Bring one object (by `objectKey`) to its desired state. Idempotent. */
  reconcile(key: string): void;
  /** Periodic work on the manager's sync tick (queue time-based re-checks). */
  onTick?(nowMs: number): void;
}
