/**
 * The `scale` subresource of Deployments and ReplicaSets: an `autoscaling/v1` Scale view of
 * `spec.replicas`, which `kubectl scale` patches and HorizontalPodAutoscalers read.
 */
import { badRequest, invalid, notFound, conflict } from "../errors";
import { formatLabelSelector, labelSelectorFromSpec, type LabelSelectorSpec } from "../selectors";
import { cloneJson, isJsonObject } from "../store/json-value";
import type { K8sObject } from "../types";
import type { ApiContext, ResourceRequest } from "./api-context";
import { sendJson } from "./http-response";
import { applyPatch, patchTypeOf } from "./patch-body";
import type { WriteQuery } from "./query";
import { decodeBody, readBody } from "./request-body";
import { readObjectBody } from "./write-handlers";

interface Scale {
  kind: "Scale";
  apiVersion: "autoscaling/v1";
  metadata: Record<string, unknown>;
  spec: { replicas?: unknown };
  status: { replicas: number; selector?: string };
}

function current(ctx: ApiContext, request: ResourceRequest): K8sObject {
  const { resource, namespace, name = "" } = request;
  const object = ctx.store.peek(resource.key, namespace, name);
  if (!object) throw notFound(resource.key, name);
  return object;
}

/** The Scale view of a Deployment or ReplicaSet. */
export function scaleOf(object: K8sObject): Scale {
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const status = isJsonObject(object.status) ? object.status : {};
  const metadata: Record<string, unknown> = {
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    uid: object.metadata.uid,
    resourceVersion: object.metadata.resourceVersion,
    creationTimestamp: object.metadata.creationTimestamp,
  };
  const scale: Scale = { kind: "Scale", apiVersion: "autoscaling/v1", metadata, spec: { replicas: spec.replicas ?? 1 }, status: { replicas: typeof status.replicas === "number" ? status.replicas : 0 } };
  const selector = formatLabelSelector(labelSelectorFromSpec(spec.selector as LabelSelectorSpec | undefined));
  if (selector) scale.status.selector = selector;
  return scale;
}

/** Writes the Scale's replicas into the object (with the Scale's resourceVersion as precondition). */
function applyScale(ctx: ApiContext, request: ResourceRequest, existing: K8sObject, scale: Record<string, unknown>, query: WriteQuery): void {
  const spec = isJsonObject(scale.spec) ? scale.spec : {};
  const replicas = spec.replicas;
  const name = existing.metadata.name;
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid("Scale.autoscaling", name, [{ field: "spec.replicas", message: `Invalid value: ${JSON.stringify(replicas ?? null)}: must be greater than or equal to 0` }]);
  }
  const metadata = isJsonObject(scale.metadata) ? scale.metadata : {};
  if (typeof metadata.resourceVersion === "string" && metadata.resourceVersion && metadata.resourceVersion !== existing.metadata.resourceVersion) {
    throw conflict(request.resource.key, name);
  }
  const next = cloneJson(existing);
  (next.spec as Record<string, unknown>).replicas = replicas;
  const updated = ctx.store.update(request.resource.key, next, { dryRun: query.dryRun === "All", fieldManager: request.fieldManager });
  sendJson(request.res, 200, scaleOf(updated));
}

// GET .../deployments/{name}/scale
export function getScale(ctx: ApiContext, request: ResourceRequest): void {
  sendJson(request.res, 200, scaleOf(current(ctx, request)));
}

// PUT .../deployments/{name}/scale
export async function replaceScale(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const body = await readObjectBody(request);
  applyScale(ctx, request, current(ctx, request), body, query);
}

// PATCH .../deployments/{name}/scale (kubectl scale sends a merge patch of spec.replicas)
export async function patchScale(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const contentType = request.req.headers["content-type"];
  const type = patchTypeOf(contentType, request.resource);
  const patch = decodeBody(await readBody(request.req), contentType);
  if (patch === undefined) throw badRequest("the patch body is empty");
  const existing = current(ctx, request);
  const patched = applyPatch(type, scaleOf(existing), patch, "Scale", false) as unknown as Record<string, unknown>;
  applyScale(ctx, request, existing, patched, query);
}
