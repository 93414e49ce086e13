/**
 * Contracts shared inside the simulated cluster (`lib/sim`): the object store (API server side)
 * and the controllers (Kubernetes behaviour) meet only through these types.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

/** Any Kubernetes object as JSON. Typed access to spec/status is done by the code that owns the kind. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A resource type served by the API server (one row of discovery). */
export interface ResourceType {
  /** "" for core. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Lower-case plural, the URL segment: "pods", "deployments", "networkchaos". */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  /** e.g. ["status", "scale", "log"]. */
  subresources?: string[];
  verbs: string[];
}

/**
 * Resource key used by the store: `plural` for core, `plural.group` otherwise
 * ("pods", "deployments.apps", "networkchaos.chaos-mesh.org").
 */
export type ResourceKey = string;

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface StoreChange {
  resource: ResourceKey;
  type: WatchEventType;
  object: K8sObject;
}

export interface ListOptions {
  /** Kubernetes label selector syntax: "app=cart,tier!=db,env in (a,b),!canary". */
  labelSelector?: string;
  /** Kubernetes field selector syntax: "metadata.name=x,status.phase!=Running,spec.nodeName=n1". */
  fieldSelector?: string;
}

export interface WriteOptions {
  /** Validate and compute the result, store nothing (`dryRun=All`). */
  dryRun?: boolean;
  /** Who writes: "controller" writes skip user-facing admission that controllers are exempt from. */
  fieldManager?: string;
}

/** How dependents of a deleted object are treated (garbage collection), as `DeleteOptions.propagationPolicy`. */
export type PropagationPolicy = "Foreground" | "Background" | "Orphan";

/** Options of `ObjectStore.delete` (a superset of `WriteOptions`; added for cascading deletion). */
export interface DeleteOptions extends WriteOptions {
  /** Default Background: dependents (by ownerReferences) are deleted too; Orphan keeps them and drops the reference. */
  propagationPolicy?: PropagationPolicy;
  /** Refuse with 409 Conflict unless the stored object still has this uid / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * The simulated API server's storage. Every write bumps a cluster-wide resourceVersion,
 * notifies subscribers synchronously in write order, and throws `SimApiError` on failure.
 */
export interface ObjectStore {
  get(resource: ResourceKey, namespace: string | null, name: string): K8sObject | undefined;
  list(resource: ResourceKey, namespace: string | null, options?: ListOptions): { items: K8sObject[]; resourceVersion: string };
  create(resource: ResourceKey, object: Omit<K8sObject, "metadata"> & { metadata: Partial<ObjectMeta> }, options?: WriteOptions): K8sObject;
  /** Full replace. If `object.metadata.resourceVersion` is set and stale, throws 409 Conflict. */
  update(resource: ResourceKey, object: K8sObject, options?: WriteOptions): K8sObject;
  /** Replace only `.status` (the status subresource): spec changes in `object` are ignored, generation unchanged. */
  updateStatus(resource: ResourceKey, object: K8sObject, options?: WriteOptions): K8sObject;
  delete(resource: ResourceKey, namespace: string | null, name: string, options?: DeleteOptions): K8sObject;
  /** Current cluster-wide resourceVersion. */
  resourceVersion(): string;
  /** Called synchronously after each committed (non-dry-run) write. Returns an unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): () => void;
  /**
   * Admission hooks run before a create/update is stored (also on dry-run). Throw `SimApiError`
   * to refuse (e.g. ResourceQuota: 403 Forbidden "exceeded quota"). Returns an unregister function.
   */
  addAdmission(hook: AdmissionHook): () => void;
}

export interface AdmissionRequest {
  operation: "CREATE" | "UPDATE" | "DELETE";
  resource: ResourceKey;
  object: K8sObject;
  oldObject?: K8sObject;
  dryRun: boolean;
  /** `WriteOptions.fieldManager` of the write, so hooks can tell controllers from users. */
  fieldManager?: string;
}

export type AdmissionHook = (request: AdmissionRequest) => void;

/** Pod logs as the kubelet keeps them; the API server's `pods/log` subresource reads through this. */
export interface PodLogOptions {
  container?: string;
  tailLines?: number;
  sinceSeconds?: number;
  previous?: boolean;
  timestamps?: boolean;
}

export interface PodLogSource {
  /** Returns the log text, or throws `SimApiError` (400 when the container is unknown or has no previous instance). */
  read(namespace: string, pod: string, options: PodLogOptions): string;
}
