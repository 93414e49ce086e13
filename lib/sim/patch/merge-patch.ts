/**
 * RFC 7386 JSON Merge Patch (`application/merge-patch+json`): objects merge recursively,
 * `null` deletes a member, anything else (lists included) replaces.
 */
import { cloneJson, isJsonObject } from "../store/json-value";

/** Applies a merge patch to a copy of `target` and returns the result. */
export function applyMergePatch<T>(target: T, patch: unknown): T {
  return mergeValue(target, patch) as T;
}

function mergeValue(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const out: Record<string, unknown> = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergeValue(out[key], value);
  }
  return out;
}
