/**
 * A bounded per-resource history of committed changes, so that a watch can resume from a
 * resourceVersion it saw earlier (kubectl, client-go reflectors and client-node informers all
 * do). A resourceVersion older than what the window keeps is answered with 410 Gone, as etcd
 * compaction does on a real cluster.
 */
import type { K8sObject, ResourceKey, WatchEventType } from "../types";

/** A committed change as kept for watches: the object after (and before) the write. */
export interface RecordedChange {
  resourceVersion: number;
  resource: ResourceKey;
  type: WatchEventType;
  /** The stored object after the write (for DELETED, its last state). Never mutated. */
  object: K8sObject;
  /** The stored object before the write (MODIFIED only), to tell selector transitions apart. */
  oldObject?: K8sObject;
}

/** Default number of changes kept per resource. */
export const DEFAULT_HISTORY_PER_RESOURCE = 1000;

interface Ring {
  items: RecordedChange[];
  /** Highest resourceVersion that fell out of the window (0 if none did). */
  droppedThrough: number;
}

export class ChangeHistory {
  private readonly rings = new Map<ResourceKey, Ring>();

  constructor(private readonly limitPerResource: number = DEFAULT_HISTORY_PER_RESOURCE) {}

  record(change: RecordedChange): void {
    let ring = this.rings.get(change.resource);
    if (!ring) {
      ring = { items: [], droppedThrough: 0 };
      this.rings.set(change.resource, ring);
    }
    ring.items.push(change);
    if (ring.items.length > this.limitPerResource * 1.25) {
      // Trim in batches so the array copy is amortised over many writes.
      const drop = ring.items.length - this.limitPerResource;
      ring.droppedThrough = (ring.items[drop - 1] as RecordedChange).resourceVersion;
      ring.items = ring.items.slice(drop);
    }
  }

  /**
   * Changes of `resource` after `resourceVersion`, oldest first; undefined when some of them
   * already left the window (the caller answers 410 Gone).
   */
  since(resource: ResourceKey, resourceVersion: number): RecordedChange[] | undefined {
    const ring = this.rings.get(resource);
    if (!ring) return [];
    if (resourceVersion < ring.droppedThrough) return undefined;
    const items = ring.items;
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((items[mid] as RecordedChange).resourceVersion <= resourceVersion) lo = mid + 1;
      else hi = mid;
    }
    return items.slice(lo);
  }

  /** Oldest resourceVersion a watch of `resource` can still resume from. */
  oldestResumable(resource: ResourceKey): number {
    return this.rings.get(resource)?.droppedThrough ?? 0;
  }
}
