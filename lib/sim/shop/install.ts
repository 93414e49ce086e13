/**
 * Installing the shop and putting it back to its baseline, through the store like any client:
 * create what is missing, replace the spec/data of what drifted, delete the fault objects
 * (NetworkPolicies, ResourceQuotas, chaos and database-fault resources) in the namespace.
 */
import { isSimApiError } from "../errors";
import { RESOURCE_KEYS } from "../resources";
import { cloneJson, jsonEqual } from "../store/json-value";
import type { K8sObject, ObjectStore } from "../types";
import { registerShopImages } from "./images";
import { shopManifests, type ShopObject } from "./manifests";
import { SHOP_NAMESPACE } from "./topology";

/** Field manager of the shop installer's writes (as Helm's would be). */
const INSTALLER = "shop-installer";

/** Kinds a fault may add to the namespace that the baseline never contains. */
export const FAULT_RESOURCES = [
  RESOURCE_KEYS.networkPolicies,
  RESOURCE_KEYS.resourceQuotas,
  RESOURCE_KEYS.networkChaos,
  RESOURCE_KEYS.stressChaos,
  RESOURCE_KEYS.databaseFaults,
] as const;

function ensureNamespace(store: ObjectStore): void {
  if (store.get(RESOURCE_KEYS.namespaces, null, SHOP_NAMESPACE)) return;
  store.create(RESOURCE_KEYS.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name: SHOP_NAMESPACE, labels: { "kubernetes.io/metadata.name": SHOP_NAMESPACE } } });
}

/** The current object with the baseline's desired state written over it (status and identity kept). */
function withBaseline(current: K8sObject, baseline: ShopObject["object"]): K8sObject {
  const next = cloneJson(current);
  next.metadata.labels = { ...(baseline.metadata.labels ?? {}) };
  for (const field of ["spec", "data", "type"] as const) {
    if (baseline[field] !== undefined) next[field] = cloneJson(baseline[field]);
  }
  if (baseline.kind === "Service") {
    // Keep the allocated ClusterIP: it is immutable, and a real `kubectl apply` never sends it.
    const spec = next.spec as Record<string, unknown>;
    const currentSpec = current.spec as Record<string, unknown> | undefined;
    for (const field of ["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "internalTrafficPolicy", "sessionAffinity"]) {
      if (currentSpec?.[field] !== undefined) spec[field] = currentSpec[field];
    }
  }
  delete next.binaryData;
  delete next.stringData;
  return next;
}

function applyObject(store: ObjectStore, item: ShopObject): "created" | "updated" | "unchanged" {
  const current = store.get(item.resource, item.object.metadata.namespace, item.object.metadata.name);
  if (!current || current.metadata.deletionTimestamp) {
    if (current) return "unchanged";
    store.create(item.resource, cloneJson(item.object), { fieldManager: INSTALLER });
    return "created";
  }
  const next = withBaseline(current, item.object);
  // Defaulted fields make a plain comparison noisy; an update that changes nothing is harmless.
  if (jsonEqual(next, current)) return "unchanged";
  const written = store.update(item.resource, next, { fieldManager: INSTALLER });
  return written.metadata.resourceVersion === current.metadata.resourceVersion ? "unchanged" : "updated";
}

/** Outcome of installing or resetting. */
export interface ShopApplyResult {
  created: string[];
  updated: string[];
  deleted: string[];
}

/** Create the shop namespace and every baseline object that does not exist yet. */
export function installShop(store: ObjectStore): ShopApplyResult {
  registerShopImages();
  ensureNamespace(store);
  return applyBaseline(store, false);
}

/**
 * Bring the shop back to its baseline: re-apply every baseline object over whatever is there,
 * recreate deleted ones, and delete fault objects in the namespace.
 */
export function resetShop(store: ObjectStore): ShopApplyResult {
  registerShopImages();
  ensureNamespace(store);
  return applyBaseline(store, true);
}

function applyBaseline(store: ObjectStore, removeFaults: boolean): ShopApplyResult {
  const result: ShopApplyResult = { created: [], updated: [], deleted: [] };
  if (removeFaults) {
    for (const resource of FAULT_RESOURCES) {
      for (const object of store.list(resource, SHOP_NAMESPACE).items) {
        try {
          store.delete(resource, SHOP_NAMESPACE, object.metadata.name, { fieldManager: INSTALLER });
          result.deleted.push(`${object.kind}/${object.metadata.name}`);
        } catch (error) {
          if (!isSimApiError(error) || error.code !== 404) throw error;
        }
      }
    }
  }
  for (const item of shopManifests()) {
    const outcome = applyObject(store, item);
    if (outcome === "created") result.created.push(`${item.object.kind}/${item.object.metadata.name}`);
    if (outcome === "updated") result.updated.push(`${item.object.kind}/${item.object.metadata.name}`);
  }
  return result;
}
