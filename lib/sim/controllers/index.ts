/**
 * Entry point of the simulated cluster's behaviour: the controller manager (Deployment,
 * ReplicaSet, scheduler, Endpoints, ResourceQuota, taint eviction), the event recorder and the
 * kubelet model, driven by store changes and a 1-second simulated sync tick.
 *
 * Store changes only queue keys; the queues are drained outside the store's notification (in a
 * microtask, on each tick, or by `reconcileNow`), so a controller's own writes never recurse into
 * it and the informer cache is always current when a controller reads it.
 */
import type { SimClock } from "../clock";
import type { SeededRandom } from "../rng";
import type { ObjectStore, PodLogSource, StoreChange } from "../types";
import { Kubelet } from "../kubelet/kubelet";
import { ClusterCache } from "./cluster-cache";
import { DeploymentController } from "./deployment";
import { EndpointsController } from "./endpoints";
import { EventRecorder } from "./events";
import { createQuotaAdmission, ResourceQuotaController } from "./quota";
import type { ControllerDeps, Reconciler } from "./reconciler";
import { ReplicaSetController } from "./replicaset";
import { Scheduler } from "./scheduler";
import { TaintEvictionController } from "./taint-eviction";

/** What the simulator hands to the controllers. */
export interface ControllerContext {
  store: ObjectStore;
  clock: SimClock;
  rng: SeededRandom;
}

/** Handle returned by `startControllers`. */
export interface RunningControllers {
  /** Unsubscribe from the store, unregister admission and cancel the tick. */
  stop(): void;
  /** Pod logs as the kubelet keeps them (the API server's pods/log reads through this). */
  podLogs: PodLogSource;
  /** Drain all queued reconciliation work synchronously (tests, and after bulk writes). */
  reconcileNow(): void;
  /** The kubelet model: resource usage hook, log append, connection checks for the traffic model. */
  kubelet: Kubelet;
  /** Records Events the way cluster components do (for later modules that report on objects). */
  events: EventRecorder;
}

/** Period of the controller manager's sync tick, in simulated ms. */
export const SYNC_TICK_MS = 1000;
/** How often the event cap is enforced. */
const EVENT_SWEEP_MS = 60_000;
/** Guard against a controller that never converges: rounds of draining per call. */
const MAX_DRAIN_ROUNDS = 200;

/** Start every controller and the kubelet model against the store. */
export function startControllers(ctx: ControllerContext): RunningControllers {
  const { store, clock, rng } = ctx;
  const cache = new ClusterCache();
  cache.prime(store);
  const events = new EventRecorder(store, clock);
  const deps: ControllerDeps = { store, cache, clock, rng, events };
  const kubelet = new Kubelet(deps);
  // Order matters only for latency within one drain: scheduling before running, pods before endpoints.
  const reconcilers: Reconciler[] = [
    new DeploymentController(deps),
    new ReplicaSetController(deps),
    new Scheduler(deps),
    new TaintEvictionController(deps),
    kubelet,
    new EndpointsController(deps),
    new ResourceQuotaController(deps),
  ];

  let draining = false;
  let drainScheduled = false;
  let stopped = false;

  let lastLoopWarning = -Infinity;
  const drain = (): void => {
    if (draining || stopped) return;
    draining = true;
    try {
      for (let round = 0; ; round++) {
        if (round === MAX_DRAIN_ROUNDS) {
          // Work left after this many rounds means controllers keep re-queueing each other: say so, finish at the next tick.
          if (clock.nowMs() - lastLoopWarning > 60_000) {
            lastLoopWarning = clock.nowMs();
            console.warn(`[sim-controllers] reconciliation did not settle after ${MAX_DRAIN_ROUNDS} rounds; continuing at the next tick`);
          }
          break;
        }
        let worked = false;
        for (const reconciler of reconcilers) {
          for (const key of reconciler.queue.takeAll()) {
            worked = true;
            try {
              reconciler.reconcile(key);
            } catch (error) {
              // One broken object must not stop the cluster: log it and retry later.
              console.error(`[sim-controllers] ${reconciler.name} failed to reconcile ${key}:`, error);
              reconciler.queue.addAt(key, clock.nowMs() + 5 * SYNC_TICK_MS);
            }
          }
        }
        if (!worked) break;
      }
    } finally {
      draining = false;
    }
  };

  const scheduleDrain = (): void => {
    if (drainScheduled || stopped) return;
    drainScheduled = true;
    queueMicrotask(() => {
      drainScheduled = false;
      drain();
    });
  };

  const onChange = (change: StoreChange): void => {
    cache.apply(change);
    events.onChange(change);
    for (const reconciler of reconcilers) reconciler.onChange(change);
    if (!draining) scheduleDrain();
  };

  // Seed the queues with what already exists, then follow changes.
  for (const resource of ["deployments.apps", "replicasets.apps", "pods", "services", "resourcequotas"] as const) {
    for (const object of cache.list(resource)) for (const reconciler of reconcilers) reconciler.onChange({ resource, type: "ADDED", object });
  }
  const unsubscribe = store.subscribe(onChange);
  const unregisterAdmission = store.addAdmission(createQuotaAdmission(cache, (resource) => store.list(resource, null).items.length));

  let lastSweep = clock.nowMs();
  const tick = (): void => {
    const now = clock.nowMs();
    for (const reconciler of reconcilers) {
      reconciler.queue.promote(now);
      reconciler.onTick?.(now);
    }
    drain();
    if (now - lastSweep >= EVENT_SWEEP_MS) {
      lastSweep = now;
      events.expire();
    }
  };
  const timer = clock.setInterval(tick, SYNC_TICK_MS);
  scheduleDrain();

  return {
    stop() {
      stopped = true;
      clock.clearTimer(timer);
      unsubscribe();
      unregisterAdmission();
    },
    podLogs: kubelet,
    reconcileNow() {
      const now = clock.nowMs();
      for (const reconciler of reconcilers) reconciler.queue.promote(now);
      drain();
    },
    kubelet,
    events,
  };
}

export type { PodResourceModel, ContainerUsage, ContainerUsageContext } from "../kubelet/resource-model";
export type { ContainerUsageRecord, ConnectResult, Kubelet } from "../kubelet/kubelet";
export type { HttpResponder, HttpRequestContext } from "../kubelet/probes";
export type { EventRecorder, RecordEventOptions, EventSource } from "./events";
