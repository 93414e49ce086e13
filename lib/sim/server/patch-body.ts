/**
 * Applying a PATCH body to an object by its Content-Type: JSON Patch, JSON merge patch,
 * strategic merge patch (built-in kinds only, 415 for custom resources as on a real cluster)
 * and server-side apply (approximated as a strategic merge of the applied configuration).
 */
import { unsupportedMediaType } from "../errors";
import { applyJsonPatch } from "../patch/json-patch";
import { applyMergePatch } from "../patch/merge-patch";
import { applyStrategicMergePatch } from "../patch/strategic-merge-patch";
import type { ServedResource } from "../resources";
import { badRequest } from "../errors";
import { isJsonObject } from "../store/json-value";

export type PatchType = "json" | "merge" | "strategic" | "apply";

const PATCH_TYPES: Record<string, PatchType> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** The patch type of a Content-Type header; 415 for anything else. */
export function patchTypeOf(contentType: string | undefined, resource: ServedResource): PatchType {
  const mediaType = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const type = PATCH_TYPES[mediaType];
  const accepted = resource.custom
    ? "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
    : "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml";
  if (!type || (type === "strategic" && resource.custom)) {
    throw unsupportedMediaType(`the body of the request was in an unknown format - accepted media types include: ${accepted}`);
  }
  return type;
}

/** The patched copy of `target` (a full object or a Scale). */
export function applyPatch<T>(type: PatchType, target: T, patch: unknown, kind: string, custom: boolean): T {
  switch (type) {
    case "json":
      return applyJsonPatch(target, patch);
    case "merge":
      if (!isJsonObject(patch)) throw badRequest("merge patch must be a JSON object");
      return applyMergePatch(target, patch);
    case "strategic":
      return applyStrategicMergePatch(target, patch, kind);
    case "apply":
      if (!isJsonObject(patch)) throw badRequest("apply patch must be an object");
      return custom ? applyMergePatch(target, patch) : applyStrategicMergePatch(target, patch, kind);
  }
}
