/**
 * Events expire an hour after they were last seen (the API server's `--event-ttl`, done with
 * etcd leases on a real cluster), so a long-running simulation does not grow without bound.
 */
import type { SimClock } from "../clock";
import { RESOURCE_KEYS } from "../resources";
import type { K8sObject, ObjectStore } from "../types";

/** Default `--event-ttl` of kube-apiserver. */
export const DEFAULT_EVENT_TTL_MS = 60 * 60 * 1000;
/** How often expired events are swept (simulated time). */
const SWEEP_INTERVAL_MS = 60 * 1000;

export interface EventTtlOptions {
  store: ObjectStore;
  clock: SimClock;
  ttlMs?: number;
}

function lastSeenMs(event: K8sObject): number {
  const candidates = [event.lastTimestamp, event.eventTime, event.metadata.creationTimestamp];
  for (const value of candidates) {
    if (typeof value === "string") {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return 0;
}

/** Starts the periodic sweep; returns a function that stops it. */
export function startEventTtl(options: EventTtlOptions): () => void {
  const ttl = options.ttlMs ?? DEFAULT_EVENT_TTL_MS;
  const timer = options.clock.setInterval(() => {
    const cutoff = options.clock.nowMs() - ttl;
    for (const event of options.store.list(RESOURCE_KEYS.events, null).items) {
      if (lastSeenMs(event) >= cutoff) continue;
      try {
        options.store.delete(RESOURCE_KEYS.events, event.metadata.namespace ?? null, event.metadata.name);
      } catch {
        // Deleted meanwhile by someone else: nothing to expire.
      }
    }
  }, SWEEP_INTERVAL_MS);
  return () => options.clock.clearTimer(timer);
}
