/**
 * Reverse index of `metadata.ownerReferences`: which objects name a given owner UID, so that
 * deleting an owner finds its dependents without scanning every resource (garbage collection).
 */
import type { K8sObject, ResourceKey } from "../types";

/** Where a stored object lives: its resource and its key inside that resource's table. */
export interface ObjectLocation {
  resource: ResourceKey;
  key: string;
}

export class OwnerIndex {
  private readonly dependents = new Map<string, Map<string, ObjectLocation>>();

  add(location: ObjectLocation, object: K8sObject): void {
    for (const ref of object.metadata.ownerReferences ?? []) {
      let set = this.dependents.get(ref.uid);
      if (!set) {
        set = new Map();
        this.dependents.set(ref.uid, set);
      }
      set.set(`${location.resource}|${location.key}`, location);
    }
  }

  remove(location: ObjectLocation, object: K8sObject): void {
    for (const ref of object.metadata.ownerReferences ?? []) {
      const set = this.dependents.get(ref.uid);
      if (!set) continue;
      set.delete(`${location.resource}|${location.key}`);
      if (set.size === 0) this.dependents.delete(ref.uid);
    }
  }

  /** Objects that list `ownerUid` among their owners, in insertion order. */
  dependentsOf(ownerUid: string): ObjectLocation[] {
    return [...(this.dependents.get(ownerUid)?.values() ?? [])];
  }
}
