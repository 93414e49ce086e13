/**
 * The controllers' informer cache: a read-only mirror of the store kept current from its change
 * stream, with the indexes reconciliation needs (by namespace, by owner uid, pods by node), so a
 * controller never rescans every object to answer "which pods does this ReplicaSet own".
 * Objects in the cache are never mutated; writers copy them first.
 */
import type { K8sObject, ObjectStore, ResourceKey, StoreChange } from "../types";

/** `namespace/name` (or `name` for cluster-scoped objects): the key every controller queues. */
export function objectKey(namespace: string | undefined | null, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/** Resources the controllers and kubelet watch. */
export const CACHED_RESOURCES = [
  "namespaces",
  "nodes",
  "pods",
  "services",
  "endpoints",
  "configmaps",
  "secrets",
  "resourcequotas",
  "deployments.apps",
  "replicasets.apps",
] as const satisfies readonly ResourceKey[];

interface ResourceIndex {
  all: Map<string, K8sObject>;
  byNamespace: Map<string, Map<string, K8sObject>>;
  /** owner uid → keys of objects with an ownerReference to it. */
  byOwner: Map<string, Set<string>>;
}

/** A read-only, indexed mirror of the cached resources. */
export class ClusterCache {
  private readonly indexes = new Map<ResourceKey, ResourceIndex>();
  /** node name → keys of pods bound to it. */
  private readonly podsByNode = new Map<string, Set<string>>();

  constructor(private readonly resources: readonly ResourceKey[] = CACHED_RESOURCES) {
    for (const resource of resources) this.indexes.set(resource, { all: new Map(), byNamespace: new Map(), byOwner: new Map() });
  }

  /** Fill the cache from the store's current contents. */
  prime(store: ObjectStore): void {
    for (const resource of this.resources) {
      let items: K8sObject[];
      try {
        items = store.list(resource, null).items;
      } catch {
        continue; // a resource the store does not serve yet
      }
      for (const object of items) this.apply({ resource, type: "ADDED", object });
    }
  }

  /** True when changes of this resource are mirrored. */
  tracks(resource: ResourceKey): boolean {
    return this.indexes.has(resource);
  }

  /** Mirror one store change. */
  apply(change: StoreChange): void {
    const index = this.indexes.get(change.resource);
    if (!index) return;
    const object = change.object;
    const key = objectKey(object.metadata.namespace, object.metadata.name);
    const previous = index.all.get(key);
    if (previous) this.unindex(change.resource, index, key, previous);
    if (change.type === "DELETED") return;
    index.all.set(key, object);
    const ns = object.metadata.namespace ?? "";
    let inNamespace = index.byNamespace.get(ns);
    if (!inNamespace) {
      inNamespace = new Map();
      index.byNamespace.set(ns, inNamespace);
    }
    inNamespace.set(object.metadata.name, object);
    for (const ref of object.metadata.ownerReferences ?? []) {
      let owned = index.byOwner.get(ref.uid);
      if (!owned) {
        owned = new Set();
        index.byOwner.set(ref.uid, owned);
      }
      owned.add(key);
    }
    if (change.resource === "pods") {
      const nodeName = (object.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName) {
        let onNode = this.podsByNode.get(nodeName);
        if (!onNode) {
          onNode = new Set();
          this.podsByNode.set(nodeName, onNode);
        }
        onNode.add(key);
      }
    }
  }

  private unindex(resource: ResourceKey, index: ResourceIndex, key: string, previous: K8sObject): void {
    index.all.delete(key);
    index.byNamespace.get(previous.metadata.namespace ?? "")?.delete(previous.metadata.name);
    for (const ref of previous.metadata.ownerReferences ?? []) {
      const owned = index.byOwner.get(ref.uid);
      owned?.delete(key);
      if (owned && owned.size === 0) index.byOwner.delete(ref.uid);
    }
    if (resource === "pods") {
      const nodeName = (previous.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName) this.podsByNode.get(nodeName)?.delete(key);
    }
  }

  /** One object, or undefined. */
  get<T extends K8sObject = K8sObject>(resource: ResourceKey, namespace: string | null | undefined, name: string): T | undefined {
    return this.indexes.get(resource)?.all.get(objectKey(namespace, name)) as T | undefined;
  }

  /** One object by its `objectKey`. */
  getByKey<T extends K8sObject = K8sObject>(resource: ResourceKey, key: string): T | undefined {
    return this.indexes.get(resource)?.all.get(key) as T | undefined;
  }

  /** Every object of a resource, optionally within one namespace (cache order: creation order). */
  list<T extends K8sObject = K8sObject>(resource: ResourceKey, namespace?: string | null): T[] {
    const index = this.indexes.get(resource);
    if (!index) return [];
    if (namespace === undefined || namespace === null) return [...index.all.values()] as T[];
    return [...(index.byNamespace.get(namespace)?.values() ?? [])] as T[];
  }

  /** Number of objects of a resource. */
  count(resource: ResourceKey): number {
    return this.indexes.get(resource)?.all.size ?? 0;
  }

  /** Objects of `resource` that have an ownerReference to `ownerUid`. */
  ownedBy<T extends K8sObject = K8sObject>(resource: ResourceKey, ownerUid: string): T[] {
    const index = this.indexes.get(resource);
    const keys = index?.byOwner.get(ownerUid);
    if (!index || !keys) return [];
    const out: T[] = [];
    for (const key of keys) {
      const object = index.all.get(key);
      if (object) out.push(object as T);
    }
    return out;
  }

  /** Pods bound to a node. */
  podsOnNode<T extends K8sObject = K8sObject>(nodeName: string): T[] {
    const keys = this.podsByNode.get(nodeName);
    const index = this.indexes.get("pods");
    if (!keys || !index) return [];
    const out: T[] = [];
    for (const key of keys) {
      const pod = index.all.get(key);
      if (pod) out.push(pod as T);
    }
    return out;
  }
}
