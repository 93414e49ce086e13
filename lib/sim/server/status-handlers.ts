/**
 * The `status` subresource: GET returns the object, PUT and PATCH change only `.status`
 * (what controllers and `kubectl ... --subresource=status` use).
 */
import { badRequest, notFound } from "../errors";
import { cloneJson, isJsonObject } from "../store/json-value";
import type { K8sObject } from "../types";
import type { ApiContext, ResourceRequest } from "./api-context";
import { sendJsonText } from "./http-response";
import { applyPatch, patchTypeOf } from "./patch-body";
import type { WriteQuery } from "./query";
import { decodeBody, readBody } from "./request-body";
import { objectJson } from "./serialize";
import { readObjectBody } from "./write-handlers";
import { toServed, toStored } from "./wire-version";

function current(ctx: ApiContext, request: ResourceRequest): K8sObject {
  const { resource, namespace, name = "" } = request;
  const object = ctx.store.peek(resource.key, namespace, name);
  if (!object) throw notFound(resource.key, name);
  return object;
}

// GET .../{name}/status
export function getStatus(ctx: ApiContext, request: ResourceRequest): void {
  sendJsonText(request.res, 200, objectJson(toServed(request.resource, current(ctx, request))));
}

// PUT .../{name}/status
export async function replaceStatus(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const existing = current(ctx, request);
  const body = toStored(request.resource, await readObjectBody(request), existing);
  const metadata = isJsonObject(body.metadata) ? body.metadata : {};
  if (metadata.name !== undefined && metadata.name !== request.name) throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${request.name})`);
  const next = { ...cloneJson(existing), status: body.status, metadata: { ...cloneJson(existing.metadata), resourceVersion: (metadata.resourceVersion as string) || existing.metadata.resourceVersion } };
  const updated = ctx.store.updateStatus(request.resource.key, next as K8sObject, { dryRun: query.dryRun === "All", fieldManager: request.fieldManager });
  sendJsonText(request.res, 200, JSON.stringify(toServed(request.resource, updated)));
}

// PATCH .../{name}/status
export async function patchStatus(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const contentType = request.req.headers["content-type"];
  const type = patchTypeOf(contentType, request.resource);
  const patch = decodeBody(await readBody(request.req), contentType);
  if (patch === undefined) throw badRequest("the patch body is empty");
  const existing = current(ctx, request);
  const served = applyPatch(type, cloneJson(toServed(request.resource, existing)), patch, request.resource.kind, !!request.resource.custom);
  if (!isJsonObject(served) || !isJsonObject(served.metadata)) throw badRequest("the patch removed the object's metadata");
  const patched = toStored(request.resource, served, existing) as K8sObject;
  const updated = ctx.store.updateStatus(request.resource.key, patched, { dryRun: query.dryRun === "All", fieldManager: request.fieldManager });
  sendJsonText(request.res, 200, JSON.stringify(toServed(request.resource, updated)));
}
