/**
 * Objects as the requested API version sends and receives them. Everything is stored in one
 * version; a resource served in another version too (autoscaling/v1 HPAs) is converted here, on
 * the way in and on the way out. For all other resources these are identities.
 */
import { hpaV1ToV2, hpaV2ToV1 } from "../api/hpa-conversion";
import type { ServedResource } from "../resources";
import type { JsonObject } from "../store/json-value";
import type { K8sObject } from "../types";

/** True when objects are served exactly as stored (no conversion, JSON can be cached). */
export function servedAsStored(resource: ServedResource): boolean {
  return !resource.servedOnly;
}

/** A stored object in the request's version. */
export function toServed(resource: ServedResource, object: K8sObject): K8sObject {
  if (servedAsStored(resource)) return object;
  if (resource.key === "horizontalpodautoscalers.autoscaling") return hpaV2ToV1(object as unknown as JsonObject) as unknown as K8sObject;
  return object;
}

/** A request body in the storage version; `stored` is the current object on updates. */
export function toStored(resource: ServedResource, body: JsonObject, stored?: K8sObject): JsonObject {
  if (servedAsStored(resource)) return body;
  if (resource.key === "horizontalpodautoscalers.autoscaling") return hpaV1ToV2(body, stored as unknown as JsonObject | undefined);
  return body;
}
