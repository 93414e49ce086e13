/**
 * Applies `ApiChange`s to the store exactly as the API server would apply the equivalent
 * requests: create, delete, delete-by-label, and the three patch types (read, patch, update with
 * the read resourceVersion, so a concurrent controller write gives a 409 that is retried).
 */
import { isSimApiError } from "../errors";
import { applyJsonPatch } from "../patch/json-patch";
import { applyMergePatch } from "../patch/merge-patch";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch";
import { cloneJson } from "../store/json-value";
import type { K8sObject, ObjectStore } from "../types";
import type { ApiChange } from "./types";

/** Field manager of scenario writes (what `kubectl` sends). */
const FIELD_MANAGER = "kubectl-client-side-apply";
const CONFLICT_RETRIES = 5;

function substituteNow(value: unknown, now: string): unknown {
  if (value === "$NOW") return now;
  if (Array.isArray(value)) return value.map((v) => substituteNow(v, now));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteNow(v, now);
    return out;
  }
  return value;
}

/** What one change did. */
export interface AppliedChange {
  change: string;
  outcome: "applied" | "not-found" | "already-exists";
}

function describe(change: ApiChange): string {
  switch (change.op) {
    case "create":
      return `create ${change.resource} ${change.object.metadata.namespace ?? ""}/${change.object.metadata.name}`;
    case "delete":
      return `delete ${change.resource} ${change.namespace}/${change.name}`;
    case "deleteCollection":
      return `delete ${change.resource} -n ${change.namespace} -l ${change.labelSelector}`;
    case "patch":
      return `patch ${change.resource} ${change.namespace}/${change.name} (${change.patchType})`;
  }
}

/** Apply changes in order. Missing objects on delete/patch and existing ones on create are reported, not thrown. */
export function applyApiChanges(store: ObjectStore, changes: readonly ApiChange[], nowRfc3339: string): AppliedChange[] {
  const results: AppliedChange[] = [];
  for (const change of changes) {
    const label = describe(change);
    try {
      applyOne(store, change, nowRfc3339);
      results.push({ change: label, outcome: "applied" });
    } catch (error) {
      if (isSimApiError(error) && error.code === 404) results.push({ change: label, outcome: "not-found" });
      else if (isSimApiError(error) && error.code === 409 && change.op === "create") results.push({ change: label, outcome: "already-exists" });
      else throw error;
    }
  }
  return results;
}

function applyOne(store: ObjectStore, change: ApiChange, now: string): void {
  switch (change.op) {
    case "create":
      store.create(change.resource, substituteNow(cloneJson(change.object), now) as never, { fieldManager: FIELD_MANAGER });
      return;
    case "delete":
      store.delete(change.resource, change.namespace, change.name, { fieldManager: FIELD_MANAGER });
      return;
    case "deleteCollection":
      for (const item of store.list(change.resource, change.namespace, { labelSelector: change.labelSelector }).items) {
        try {
          store.delete(change.resource, change.namespace, item.metadata.name, { fieldManager: FIELD_MANAGER });
        } catch (error) {
          if (!isSimApiError(error) || error.code !== 404) throw error;
        }
      }
      return;
    case "patch": {
      const patch = substituteNow(change.patch, now);
      for (let attempt = 0; ; attempt++) {
        const current = store.get(change.resource, change.namespace, change.name);
        if (!current) {
          // Let the caller see a 404 like kubectl would.
          store.delete(change.resource, change.namespace, change.name, { dryRun: true });
          return;
        }
        let next: K8sObject;
        if (change.patchType === "json") next = applyJsonPatch(current, patch);
        else if (change.patchType === "merge") next = applyMergePatch(current, patch);
        else next = applyStrategicMergePatch(current, patch, current.kind);
        next.metadata.resourceVersion = current.metadata.resourceVersion;
        try {
          store.update(change.resource, next, { fieldManager: FIELD_MANAGER });
          return;
        } catch (error) {
          if (!isSimApiError(error) || error.code !== 409 || attempt >= CONFLICT_RETRIES) throw error;
        }
      }
    }
  }
}
