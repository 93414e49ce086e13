/**
 * The simulated API server's storage: in-memory tables per resource, a cluster-wide
 * resourceVersion, defaulting, validation, admission, service IP allocation, finalizers and
 * garbage collection of dependents. Implements `ObjectStore` (lib/sim/types.ts) for controllers,
 * plus a few read paths the HTTP layer uses to serialise without copying.
 *
 * Stored objects are never mutated after they are committed: every write builds a fresh object,
 * so history entries and watch events can share them, and callers only ever get copies.
 */
import { apiVersionOf, requireResource, resourceByKey, type ServedResource } from "../resources";
import type { SeededRandom } from "../rng";
import { compileFilter, matchesFilter, type ObjectFilter } from "../selectors";
import type { SimClock } from "../clock";
import { alreadyExists, badRequest, conflict, forbidden, invalid, isSimApiError, notFound, resourceNotServed } from "../errors";
import type {
  AdmissionHook,
  AdmissionRequest,
  DeleteOptions,
  K8sObject,
  ListOptions,
  ObjectMeta,
  ObjectStore,
  ResourceKey,
  StoreChange,
  WriteOptions,
} from "../types";
import { ChangeHistory, DEFAULT_HISTORY_PER_RESOURCE, type RecordedChange } from "./change-history";
import { applyDefaults } from "./defaulting";
import { cloneJson, isJsonObject, jsonEqual, type JsonObject } from "./json-value";
import { OwnerIndex, type ObjectLocation } from "./owner-index";
import { ServiceIpAllocator } from "./service-ip-allocator";
import { generateUid } from "./uid";
import { validateObject } from "./validation";

export interface InMemoryObjectStoreOptions {
  clock: SimClock;
  /** Source of UIDs, generated name suffixes and Service IPs. Give the store its own stream. */
  rng: SeededRandom;
  /** Changes kept per resource for watch resume (default 1000). */
  historyPerResource?: number;
  /** Where a throwing subscriber is reported (default console.error); the write itself stands. */
  onListenerError?: (error: unknown) => void;
}

/** Options of `scan`, the HTTP layer's list path. */
export interface ScanOptions {
  filter?: ObjectFilter;
  /** Stop after this many matching objects and report where to continue. */
  limit?: number;
  /** Resume after this table key (from a previous `nextKey`). */
  after?: string;
}

export interface ScanResult {
  /** Stored objects themselves: read-only, never mutate. */
  items: readonly K8sObject[];
  resourceVersion: string;
  /** Set when `limit` cut the list short: pass as `after` for the next page. */
  nextKey?: string;
}

/** Namespaces that cannot be deleted, as on a real cluster. */
const PROTECTED_NAMESPACES = new Set(["default", "kube-system", "kube-public"]);

interface Table {
  entries: Map<string, K8sObject>;
  /** Keys in etcd order (namespace/name), rebuilt lazily after creates and deletes. */
  sorted: string[] | null;
}

function tableKey(type: ServedResource, namespace: string | null | undefined, name: string): string {
  return type.namespaced ? `${namespace ?? ""}/${name}` : name;
}

/** The object without metadata and status: a change here bumps `metadata.generation`. */
function specPart(object: K8sObject): JsonObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as string) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class InMemoryObjectStore implements ObjectStore {
  private readonly clock: SimClock;
  private readonly rng: SeededRandom;
  private readonly tables = new Map<ResourceKey, Table>();
  private readonly history: ChangeHistory;
  private readonly owners = new OwnerIndex();
  private readonly byUid = new Map<string, ObjectLocation>();
  private readonly ips: ServiceIpAllocator;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly watchers = new Set<(change: RecordedChange) => void>();
  private readonly admission: AdmissionHook[] = [];
  private readonly onListenerError: (error: unknown) => void;
  private rv = 0;
  private pending: RecordedChange[] = [];
  private dispatching = false;

  constructor(options: InMemoryObjectStoreOptions) {
    this.clock = options.clock;
    this.rng = options.rng;
    this.history = new ChangeHistory(options.historyPerResource ?? DEFAULT_HISTORY_PER_RESOURCE);
    this.ips = new ServiceIpAllocator(options.rng);
    this.onListenerError = options.onListenerError ?? ((error) => console.error("[sim-store] a change listener threw:", error));
  }

  // ---- reads -------------------------------------------------------------------------------

  get(resource: ResourceKey, namespace: string | null, name: string): K8sObject | undefined {
    const found = this.peek(resource, namespace, name);
    return found ? cloneJson(found) : undefined;
  }

  list(resource: ResourceKey, namespace: string | null, options?: ListOptions): { items: K8sObject[]; resourceVersion: string } {
    const filter = options?.labelSelector || options?.fieldSelector ? compileFilter(resource, options) : undefined;
    const result = this.scan(resource, namespace, filter ? { filter } : {});
    return { items: result.items.map((item) => cloneJson(item)), resourceVersion: result.resourceVersion };
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  /** The stored object itself (read-only, do not mutate), for the HTTP layer's serialisation. */
  peek(resource: ResourceKey, namespace: string | null, name: string): K8sObject | undefined {
    const type = this.typeOf(resource);
    return this.table(resource).entries.get(tableKey(type, namespace, name));
  }

  /** Objects in etcd key order with optional filter and paging; the items are stored objects (read-only). */
  scan(resource: ResourceKey, namespace: string | null, options: ScanOptions = {}): ScanResult {
    const type = this.typeOf(resource);
    const table = this.table(resource);
    const keys = this.sortedKeys(table);
    const prefix = type.namespaced && namespace ? `${namespace}/` : "";
    let index = lowerBound(keys, prefix);
    if (options.after !== undefined && options.after >= prefix) {
      index = lowerBound(keys, options.after);
      if (keys[index] === options.after) index++;
    }
    const items: K8sObject[] = [];
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    let lastKey = "";
    let nextKey: string | undefined;
    for (; index < keys.length; index++) {
      const key = keys[index] as string;
      if (prefix && !key.startsWith(prefix)) break;
      const object = table.entries.get(key) as K8sObject;
      if (options.filter && !matchesFilter(options.filter, object)) continue;
      if (items.length === limit) {
        nextKey = lastKey;
        break;
      }
      items.push(object);
      lastKey = key;
    }
    const result: ScanResult = { items, resourceVersion: this.resourceVersion() };
    if (nextKey !== undefined) result.nextKey = nextKey;
    return result;
  }

  /** Changes of `resource` after `resourceVersion` (oldest first), or undefined when compacted (410). */
  changesSince(resource: ResourceKey, resourceVersion: number): RecordedChange[] | undefined {
    return this.history.since(resource, resourceVersion);
  }

  /** The oldest resourceVersion a watch of `resource` can resume from (for the 410 message). */
  oldestResumable(resource: ResourceKey): number {
    return this.history.oldestResumable(resource);
  }

  // ---- subscriptions -----------------------------------------------------------------------

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Like `subscribe`, but the change carries the stored objects themselves (read-only) plus
   * the previous state and resourceVersion: what HTTP watches need, without a copy per event.
   */
  watchChanges(watcher: (change: RecordedChange) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  addAdmission(hook: AdmissionHook): () => void {
    this.admission.push(hook);
    return () => {
      const index = this.admission.indexOf(hook);
      if (index >= 0) this.admission.splice(index, 1);
    };
  }

  // ---- writes ------------------------------------------------------------------------------

  create(resource: ResourceKey, input: Omit<K8sObject, "metadata"> & { metadata: Partial<ObjectMeta> }, options: WriteOptions = {}): K8sObject {
    const type = this.typeOf(resource);
    const object = this.normaliseIncoming(type, input);
    const meta = object.metadata;
    if (type.namespaced) this.requireWritableNamespace(type, meta.namespace, meta.name || meta.generateName || "");
    else delete meta.namespace;

    const table = this.table(resource);
    if (!meta.name && meta.generateName) {
      do meta.name = `${meta.generateName}${this.rng.suffix(5)}`;
      while (table.entries.has(tableKey(type, meta.namespace, meta.name)));
    }
    if (!meta.name) throw nameRequired(type);
    applyDefaults(resource, object);
    meta.uid = generateUid(this.rng);
    meta.creationTimestamp = this.clock.nowRfc3339();
    meta.generation = 1;
    meta.resourceVersion = "";
    delete meta.deletionTimestamp;
    delete (meta as unknown as JsonObject).deletionGracePeriodSeconds;
    delete (meta as unknown as JsonObject).managedFields;
    delete (meta as unknown as JsonObject).selfLink;

    const key = tableKey(type, meta.namespace, meta.name);
    if (table.entries.has(key)) throw alreadyExists(resource, meta.name);
    validateObject(type, object);
    if (resource === "services") this.allocateServiceAddresses(object, undefined, !options.dryRun);
    try {
      this.admit({ operation: "CREATE", resource, object, dryRun: !!options.dryRun }, options);
    } catch (error) {
      if (resource === "services" && !options.dryRun) this.releaseServiceAddresses(object);
      throw error;
    }
    if (options.dryRun) return cloneJson(object);

    meta.resourceVersion = String(++this.rv);
    table.entries.set(key, object);
    table.sorted = null;
    this.index(resource, key, object);
    this.commit({ resourceVersion: this.rv, resource, type: "ADDED", object });
    return cloneJson(object);
  }

  update(resource: ResourceKey, input: K8sObject, options: WriteOptions = {}): K8sObject {
    const type = this.typeOf(resource);
    const object = this.normaliseIncoming(type, input);
    const meta = object.metadata;
    const key = tableKey(type, meta.namespace, meta.name);
    const table = this.table(resource);
    const existing = table.entries.get(key);
    if (!existing) throw notFound(resource, meta.name);
    this.checkPreconditions(resource, existing, meta.resourceVersion, meta.uid);

    // System-owned metadata always comes from the stored object.
    meta.uid = existing.metadata.uid;
    meta.creationTimestamp = existing.metadata.creationTimestamp;
    if (existing.metadata.namespace !== undefined) meta.namespace = existing.metadata.namespace;
    else delete meta.namespace;
    if (existing.metadata.deletionTimestamp) meta.deletionTimestamp = existing.metadata.deletionTimestamp;
    else delete meta.deletionTimestamp;
    delete (meta as unknown as JsonObject).managedFields;
    delete (meta as unknown as JsonObject).selfLink;
    applyDefaults(resource, object);
    if (resource === "services") this.carryServiceAddresses(object, existing);
    validateObject(type, object, existing);

    const changedSpec = !jsonEqual(specPart(object), specPart(existing));
    meta.generation = (existing.metadata.generation ?? 1) + (changedSpec ? 1 : 0);
    meta.resourceVersion = existing.metadata.resourceVersion;
    // A write that changes nothing is not stored (no new resourceVersion, no watch event), as on a real server.
    if (jsonEqual(object, existing)) return cloneJson(existing);

    if (resource === "services") this.allocateServiceAddresses(object, existing, !options.dryRun);
    this.admit({ operation: "UPDATE", resource, object, oldObject: existing, dryRun: !!options.dryRun }, options);
    if (options.dryRun) return cloneJson(object);

    // Removing the last finalizer of an object being deleted completes the deletion.
    if (existing.metadata.deletionTimestamp && !(meta.finalizers?.length)) {
      meta.resourceVersion = String(++this.rv);
      this.unindex(resource, key, existing);
      table.entries.delete(key);
      table.sorted = null;
      this.commit({ resourceVersion: this.rv, resource, type: "DELETED", object });
      this.collectDependents(existing.metadata.uid);
      return cloneJson(object);
    }
    return cloneJson(this.replace(resource, key, existing, object));
  }

  updateStatus(resource: ResourceKey, input: K8sObject, options: WriteOptions = {}): K8sObject {
    const type = this.typeOf(resource);
    const name = input?.metadata?.name ?? "";
    const namespace = type.namespaced ? (input?.metadata?.namespace ?? null) : null;
    const key = tableKey(type, namespace, name);
    const existing = this.table(resource).entries.get(key);
    if (!existing) throw notFound(resource, name);
    this.checkPreconditions(resource, existing, input.metadata.resourceVersion, input.metadata.uid);
    // Only .status is taken from the input; metadata and spec stay as stored (status subresource semantics).
    const next: K8sObject = { ...existing, metadata: { ...existing.metadata } };
    if (input.status === undefined) delete next.status;
    else next.status = cloneJson(input.status);
    if (jsonEqual(next.status, existing.status)) return cloneJson(existing);
    if (options.dryRun) return cloneJson(next);
    return cloneJson(this.replace(resource, key, existing, next));
  }

  delete(resource: ResourceKey, namespace: string | null, name: string, options: DeleteOptions = {}): K8sObject {
    const type = this.typeOf(resource);
    const key = tableKey(type, namespace, name);
    const table = this.table(resource);
    const existing = table.entries.get(key);
    if (!existing) throw notFound(resource, name);
    const preconditions = options.preconditions;
    if (preconditions) this.checkPreconditions(resource, existing, preconditions.resourceVersion, preconditions.uid);
    if (resource === "namespaces" && PROTECTED_NAMESPACES.has(name)) {
      throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: "namespaces" });
    }
    this.admit({ operation: "DELETE", resource, object: existing, dryRun: !!options.dryRun }, options);
    if (options.dryRun) return cloneJson(existing);

    const policy = options.propagationPolicy ?? "Background";
    if (existing.metadata.finalizers?.length) {
      // Finalizers hold the object: mark it; whoever owns the finalizer removes it to finish.
      if (existing.metadata.deletionTimestamp) return cloneJson(existing);
      const marked: K8sObject = {
        ...existing,
        metadata: { ...existing.metadata, deletionTimestamp: this.clock.nowRfc3339(), generation: (existing.metadata.generation ?? 1) + 1 },
      };
      (marked.metadata as unknown as JsonObject).deletionGracePeriodSeconds = 0;
      return cloneJson(this.replace(resource, key, existing, marked));
    }

    if (policy === "Foreground") this.deleteDependents(existing.metadata.uid, "Foreground");
    if (policy === "Orphan") this.orphanDependents(existing.metadata.uid);
    if (resource === "namespaces") this.emptyNamespace(key, existing);

    const current = table.entries.get(key) ?? existing;
    const gone: K8sObject = { ...current, metadata: { ...current.metadata, resourceVersion: String(++this.rv) } };
    this.unindex(resource, key, current);
    table.entries.delete(key);
    table.sorted = null;
    if (resource === "services") this.releaseServiceAddresses(current);
    this.commit({ resourceVersion: this.rv, resource, type: "DELETED", object: gone });
    if (policy === "Background") this.collectDependents(existing.metadata.uid);
    return cloneJson(gone);
  }

  // ---- internals ---------------------------------------------------------------------------

  private typeOf(resource: ResourceKey): ServedResource {
    const type = resourceByKey(resource);
    if (!type) throw resourceNotServed();
    return type;
  }

  private table(resource: ResourceKey): Table {
    let table = this.tables.get(resource);
    if (!table) {
      requireResource(resource);
      table = { entries: new Map(), sorted: null };
      this.tables.set(resource, table);
    }
    return table;
  }

  private sortedKeys(table: Table): string[] {
    if (!table.sorted) table.sorted = [...table.entries.keys()].sort();
    return table.sorted;
  }

  /** A private copy of an incoming object with apiVersion/kind filled and checked. */
  private normaliseIncoming(type: ServedResource, input: unknown): K8sObject {
    if (!isJsonObject(input)) throw badRequest("the request body must be a JSON object");
    const object = cloneJson(input) as unknown as K8sObject;
    const apiVersion = apiVersionOf(type);
    if (!object.apiVersion) object.apiVersion = apiVersion;
    if (!object.kind) object.kind = type.kind;
    if (object.apiVersion !== apiVersion || object.kind !== type.kind) {
      throw badRequest(`the API version in the data (${object.apiVersion}) and kind (${object.kind}) do not match ${apiVersion}, Kind=${type.kind}`);
    }
    if (!isJsonObject(object.metadata)) object.metadata = {} as ObjectMeta;
    const meta = object.metadata;
    if (typeof meta.name !== "string") meta.name = "";
    if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels;
    if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations;
    return object;
  }

  private requireWritableNamespace(type: ServedResource, namespace: string | undefined, name: string): void {
    if (!namespace) throw badRequest(`a namespace is required to create ${type.key}`);
    const ns = this.table("namespaces").entries.get(namespace);
    if (!ns) throw notFound("namespaces", namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(`${type.key} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
        name,
        kind: type.plural,
      });
    }
  }

  private checkPreconditions(resource: ResourceKey, existing: K8sObject, resourceVersion: string | undefined, uid: string | undefined): void {
    if (uid && uid !== existing.metadata.uid) {
      throw conflict(resource, existing.metadata.name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`);
    }
    if (resourceVersion && resourceVersion !== existing.metadata.resourceVersion) throw conflict(resource, existing.metadata.name);
  }

  private admit(request: AdmissionRequest, options: WriteOptions): void {
    if (this.admission.length === 0) return;
    // Hooks get copies: a buggy hook must not be able to change what is stored.
    const shared: AdmissionRequest = { ...request, object: cloneJson(request.object) };
    if (request.oldObject) shared.oldObject = cloneJson(request.oldObject);
    if (options.fieldManager !== undefined) shared.fieldManager = options.fieldManager;
    for (const hook of [...this.admission]) hook(shared);
  }

  /** Stores `next` in place of `existing` with a new resourceVersion and notifies. */
  private replace(resource: ResourceKey, key: string, existing: K8sObject, next: K8sObject): K8sObject {
    const stored: K8sObject = { ...next, metadata: { ...next.metadata, resourceVersion: String(++this.rv) } };
    this.unindex(resource, key, existing);
    this.table(resource).entries.set(key, stored);
    this.index(resource, key, stored);
    this.commit({ resourceVersion: this.rv, resource, type: "MODIFIED", object: stored, oldObject: existing });
    return stored;
  }

  private index(resource: ResourceKey, key: string, object: K8sObject): void {
    this.owners.add({ resource, key }, object);
    this.byUid.set(object.metadata.uid, { resource, key });
  }

  private unindex(resource: ResourceKey, key: string, object: K8sObject): void {
    this.owners.remove({ resource, key }, object);
    this.byUid.delete(object.metadata.uid);
  }

  private objectAt(location: ObjectLocation): K8sObject | undefined {
    return this.tables.get(location.resource)?.entries.get(location.key);
  }

  /** Background garbage collection: dependents whose owners are all gone are deleted (recursively). */
  private collectDependents(ownerUid: string): void {
    for (const location of this.owners.dependentsOf(ownerUid)) {
      const dependent = this.objectAt(location);
      if (!dependent) continue;
      const ownerAlive = (dependent.metadata.ownerReferences ?? []).some((ref) => ref.uid !== ownerUid && this.byUid.has(ref.uid));
      if (ownerAlive) continue;
      this.deleteAt(location, dependent, "Background");
    }
  }

  private deleteDependents(ownerUid: string, policy: "Foreground" | "Background"): void {
    for (const location of this.owners.dependentsOf(ownerUid)) {
      const dependent = this.objectAt(location);
      if (dependent) this.deleteAt(location, dependent, policy);
    }
  }

  private deleteAt(location: ObjectLocation, object: K8sObject, policy: "Foreground" | "Background"): void {
    try {
      this.delete(location.resource, object.metadata.namespace ?? null, object.metadata.name, { propagationPolicy: policy });
    } catch (error) {
      // Already gone or refused by admission: the real garbage collector would retry; we move on.
      if (!isSimApiError(error)) throw error;
    }
  }

  /** Orphan: dependents stay and lose their reference to the deleted owner. */
  private orphanDependents(ownerUid: string): void {
    for (const location of this.owners.dependentsOf(ownerUid)) {
      const dependent = this.objectAt(location);
      if (!dependent) continue;
      const refs = (dependent.metadata.ownerReferences ?? []).filter((ref) => ref.uid !== ownerUid);
      const metadata: ObjectMeta = { ...dependent.metadata };
      if (refs.length) metadata.ownerReferences = refs;
      else delete metadata.ownerReferences;
      this.replace(location.resource, location.key, dependent, { ...dependent, metadata });
    }
  }

  /** Namespace deletion: mark it Terminating, then delete everything inside it. */
  private emptyNamespace(key: string, namespace: K8sObject): void {
    const status = isJsonObject(namespace.status) ? namespace.status : {};
    const terminating: K8sObject = {
      ...namespace,
      metadata: { ...namespace.metadata, deletionTimestamp: this.clock.nowRfc3339() },
      status: { ...status, phase: "Terminating" },
    };
    this.replace("namespaces", key, namespace, terminating);
    const name = namespace.metadata.name;
    for (const [resource, table] of this.tables) {
      const type = resourceByKey(resource);
      if (!type?.namespaced) continue;
      for (const [objectKey, object] of [...table.entries]) {
        if (object.metadata.namespace !== name) continue;
        // Garbage collection of an earlier object may already have removed this one.
        const current = table.entries.get(objectKey);
        if (!current) continue;
        if (current.metadata.finalizers?.length) {
          // Nothing would ever remove them once the namespace is gone.
          this.replace(resource, objectKey, current, { ...current, metadata: { ...current.metadata, finalizers: [] } });
        }
        this.deleteAt({ resource, key: objectKey }, table.entries.get(objectKey) ?? current, "Background");
      }
    }
  }

  /** Record, then deliver to every watcher and subscriber in write order (writes made by listeners queue up). */
  private commit(change: RecordedChange): void {
    this.history.record(change);
    this.pending.push(change);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let i = 0; i < this.pending.length; i++) {
        const next = this.pending[i] as RecordedChange;
        for (const watcher of [...this.watchers]) {
          try {
            watcher(next);
          } catch (error) {
            this.onListenerError(error);
          }
        }
        for (const listener of [...this.listeners]) {
          try {
            listener({ resource: next.resource, type: next.type, object: cloneJson(next.object) });
          } catch (error) {
            this.onListenerError(error);
          }
        }
      }
    } finally {
      this.pending = [];
      this.dispatching = false;
    }
  }

  // ---- Service addresses -------------------------------------------------------------------

  private carryServiceAddresses(object: K8sObject, existing: K8sObject): void {
    const spec = object.spec as JsonObject;
    const before = existing.spec as JsonObject;
    // An update that omits clusterIP keeps the allocated one (the real server fills it in).
    if (!spec.clusterIP && before.clusterIP && spec.type !== "ExternalName" && before.type !== "ExternalName") {
      spec.clusterIP = before.clusterIP;
      if (before.clusterIPs !== undefined) spec.clusterIPs = cloneJson(before.clusterIPs);
    }
    for (const field of ["ipFamilies", "ipFamilyPolicy"]) {
      if (spec[field] === undefined && before[field] !== undefined) spec[field] = cloneJson(before[field]);
    }
    const oldPorts = Array.isArray(before.ports) ? before.ports.filter(isJsonObject) : [];
    if (Array.isArray(spec.ports)) {
      for (const port of spec.ports.filter(isJsonObject)) {
        if (port.nodePort !== undefined) continue;
        const match = oldPorts.find((old) => old.port === port.port && old.protocol === port.protocol && old.nodePort !== undefined);
        if (match && (spec.type === "NodePort" || spec.type === "LoadBalancer")) port.nodePort = match.nodePort;
      }
    }
  }

  private allocateServiceAddresses(object: K8sObject, existing: K8sObject | undefined, commit: boolean): void {
    const spec = object.spec as JsonObject;
    const before = (existing?.spec ?? {}) as JsonObject;
    if (spec.type === "ExternalName") {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    } else if (spec.clusterIP === "None") {
      spec.clusterIPs = ["None"];
    } else if (!existing || spec.clusterIP !== before.clusterIP) {
      if (typeof spec.clusterIP === "string" && spec.clusterIP) {
        this.ips.reserveIp(spec.clusterIP);
        if (!commit) this.ips.releaseIp(spec.clusterIP);
      } else spec.clusterIP = this.ips.allocateIp(commit);
      spec.clusterIPs = [spec.clusterIP];
    }
    if (spec.type !== "ExternalName") {
      if (spec.ipFamilies === undefined) spec.ipFamilies = ["IPv4"];
      if (spec.ipFamilyPolicy === undefined) spec.ipFamilyPolicy = "SingleStack";
    }
    const wantsNodePorts = spec.type === "NodePort" || spec.type === "LoadBalancer";
    const oldNodePorts = new Set((Array.isArray(before.ports) ? before.ports.filter(isJsonObject) : []).map((p) => p.nodePort).filter((p) => typeof p === "number"));
    for (const port of Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : []) {
      if (!wantsNodePorts) {
        delete port.nodePort;
        continue;
      }
      if (typeof port.nodePort === "number") {
        if (!oldNodePorts.has(port.nodePort)) {
          this.ips.reserveNodePort(port.nodePort);
          if (!commit) this.ips.releaseNodePort(port.nodePort);
        }
      } else port.nodePort = this.ips.allocateNodePort(commit);
    }
    if (commit && existing) {
      // Release what the previous version held and this one no longer does.
      const nowPorts = new Set((Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : []).map((p) => p.nodePort));
      for (const port of oldNodePorts) if (!nowPorts.has(port)) this.ips.releaseNodePort(port as number);
      if (typeof before.clusterIP === "string" && before.clusterIP !== "None" && before.clusterIP !== spec.clusterIP) this.ips.releaseIp(before.clusterIP);
    }
  }

  private releaseServiceAddresses(object: K8sObject): void {
    const spec = (object.spec ?? {}) as JsonObject;
    if (typeof spec.clusterIP === "string" && spec.clusterIP && spec.clusterIP !== "None") this.ips.releaseIp(spec.clusterIP);
    for (const port of Array.isArray(spec.ports) ? spec.ports.filter(isJsonObject) : []) {
      if (typeof port.nodePort === "number") this.ips.releaseNodePort(port.nodePort);
    }
  }
}

/** 422 when neither name nor generateName is given, in the real server's wording. */
function nameRequired(type: ServedResource): Error {
  const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
  return invalid(kind, "", [{ field: "metadata.name", message: "Required value: name or generateName is required", reason: "FieldValueRequired" }]);
}
