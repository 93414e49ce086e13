/**
 * Writes on the main resource: create (POST), replace (PUT), patch (PATCH), delete and
 * delete-collection (DELETE). The HTTP layer imposes what the real API server does for kinds
 * with a status subresource: `.status` is ignored on create, update and patch of the object.
 */
import { apiVersionOf } from "../resources";
import { badRequest, isSimApiError, notFound } from "../errors";
import { compileFilter } from "../selectors";
import { cloneJson, isJsonObject } from "../store/json-value";
import type { DeleteOptions, K8sObject, PropagationPolicy, WriteOptions } from "../types";
import type { ApiContext, ResourceRequest } from "./api-context";
import { sendJsonText } from "./http-response";
import { applyPatch, patchTypeOf } from "./patch-body";
import type { WriteQuery } from "./query";
import { decodeBody, readBody } from "./request-body";
import { listBody } from "./serialize";
import { toServed, toStored } from "./wire-version";

function writeOptions(request: ResourceRequest, query: WriteQuery): WriteOptions {
  return { dryRun: query.dryRun === "All", fieldManager: request.fieldManager };
}

function hasStatusSubresource(request: ResourceRequest): boolean {
  return (request.resource.subresources ?? []).includes("status");
}

/** Reads a JSON object body; 400 if it is missing or not an object. */
export async function readObjectBody(request: ResourceRequest): Promise<Record<string, unknown>> {
  const body = decodeBody(await readBody(request.req), request.req.headers["content-type"]);
  if (!isJsonObject(body)) throw badRequest("the request body must be a JSON object");
  return body;
}

/** Puts the URL's namespace into the body, refusing a different one (as the real server does). */
function bindNamespace(request: ResourceRequest, body: Record<string, unknown>): void {
  const metadata = isJsonObject(body.metadata) ? body.metadata : {};
  body.metadata = metadata;
  if (!request.resource.namespaced) return;
  if (metadata.namespace !== undefined && metadata.namespace !== "" && metadata.namespace !== request.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  metadata.namespace = request.namespace;
}

function bindName(request: ResourceRequest, body: Record<string, unknown>): void {
  const metadata = body.metadata as Record<string, unknown>;
  if (metadata.name === undefined || metadata.name === "") metadata.name = request.name;
  if (metadata.name !== request.name) throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${request.name})`);
}

// POST /api/v1/namespaces/{ns}/pods: create.
export async function createObject(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const body = await readObjectBody(request);
  bindNamespace(request, body);
  if (hasStatusSubresource(request)) delete body.status;
  const created = ctx.store.create(request.resource.key, toStored(request.resource, body) as K8sObject, writeOptions(request, query));
  sendJsonText(request.res, 201, JSON.stringify(toServed(request.resource, created)));
}

// PUT /api/v1/namespaces/{ns}/pods/{name}: replace.
export async function replaceObject(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const received = await readObjectBody(request);
  bindNamespace(request, received);
  bindName(request, received);
  const { resource, namespace, name = "" } = request;
  const existing = ctx.store.peek(resource.key, namespace, name);
  if (!existing) throw notFound(resource.key, name);
  const body = toStored(resource, received, existing);
  if (hasStatusSubresource(request)) {
    if (existing.status === undefined) delete body.status;
    else body.status = cloneJson(existing.status);
  }
  const updated = ctx.store.update(resource.key, body as K8sObject, writeOptions(request, query));
  sendJsonText(request.res, 200, JSON.stringify(toServed(resource, updated)));
}

// PATCH /api/v1/namespaces/{ns}/pods/{name}: json, merge, strategic merge or apply patch.
export async function patchObject(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const { resource, namespace, name = "" } = request;
  const contentType = request.req.headers["content-type"];
  const type = patchTypeOf(contentType, resource);
  const patch = decodeBody(await readBody(request.req), contentType);
  if (patch === undefined) throw badRequest("the patch body is empty");
  const options = writeOptions(request, query);
  const existing = ctx.store.peek(resource.key, namespace, name);

  if (!existing) {
    if (type !== "apply") throw notFound(resource.key, name);
    // Server-side apply creates what does not exist yet.
    if (!isJsonObject(patch)) throw badRequest("apply patch must be an object");
    bindNamespace(request, patch);
    bindName(request, patch);
    if (hasStatusSubresource(request)) delete patch.status;
    const created = ctx.store.create(resource.key, toStored(resource, patch) as K8sObject, options);
    sendJsonText(request.res, 201, JSON.stringify(toServed(resource, created)));
    return;
  }

  // Patches apply to the object as the client sees it (its API version), then go back to storage.
  const served = applyPatch(type, cloneJson(toServed(resource, existing)), patch, resource.kind, !!resource.custom);
  if (!isJsonObject(served)) throw badRequest("the patch must leave an object");
  const patched = toStored(resource, served, existing) as K8sObject;
  if (!isJsonObject(patched) || !isJsonObject(patched.metadata)) throw badRequest("the patch removed the object's metadata");
  if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
  if (resource.namespaced && patched.metadata.namespace !== namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  if (hasStatusSubresource(request)) {
    if (existing.status === undefined) delete patched.status;
    else patched.status = cloneJson(existing.status);
  }
  const updated = ctx.store.update(resource.key, patched, options);
  sendJsonText(request.res, 200, JSON.stringify(toServed(resource, updated)));
}

/** DeleteOptions from the body (kubectl sends one) and the query string. */
async function deleteOptions(request: ResourceRequest, query: WriteQuery): Promise<DeleteOptions> {
  const body = decodeBody(await readBody(request.req), request.req.headers["content-type"]);
  const fromBody = isJsonObject(body) ? body : {};
  let policy = (fromBody.propagationPolicy as PropagationPolicy | undefined) ?? query.propagationPolicy;
  if (policy !== undefined && !["Foreground", "Background", "Orphan"].includes(policy)) {
    throw badRequest(`propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (policy === undefined && (fromBody.orphanDependents === true || query.orphanDependents)) policy = "Orphan";
  const dryRun = query.dryRun === "All" || (Array.isArray(fromBody.dryRun) && fromBody.dryRun.includes("All"));
  const options: DeleteOptions = { dryRun, fieldManager: request.fieldManager };
  if (policy) options.propagationPolicy = policy;
  if (isJsonObject(fromBody.preconditions)) {
    const pre = fromBody.preconditions;
    options.preconditions = {};
    if (typeof pre.uid === "string") options.preconditions.uid = pre.uid;
    if (typeof pre.resourceVersion === "string") options.preconditions.resourceVersion = pre.resourceVersion;
  }
  return options;
}

// DELETE /api/v1/namespaces/{ns}/pods/{name}: delete (and garbage-collect dependents).
export async function deleteObject(ctx: ApiContext, request: ResourceRequest, query: WriteQuery): Promise<void> {
  const { resource, namespace, name = "" } = request;
  const options = await deleteOptions(request, query);
  const deleted = ctx.store.delete(resource.key, namespace, name, options);
  // 202 when the object still exists (finalizers pending), 200 when it is gone.
  const stillThere = !options.dryRun && ctx.store.peek(resource.key, namespace, name) !== undefined;
  sendJsonText(request.res, stillThere ? 202 : 200, JSON.stringify(toServed(resource, deleted)));
}

// DELETE /api/v1/namespaces/{ns}/pods?labelSelector=...: delete every matching object.
export async function deleteCollection(ctx: ApiContext, request: ResourceRequest, query: WriteQuery, selectors: { labelSelector?: string; fieldSelector?: string }): Promise<void> {
  const { resource, namespace } = request;
  const options = await deleteOptions(request, query);
  const filter = compileFilter(resource.key, selectors);
  const targets = ctx.store.scan(resource.key, namespace, { filter }).items.map((o) => ({ namespace: o.metadata.namespace ?? null, name: o.metadata.name }));
  const deleted: K8sObject[] = [];
  for (const target of targets) {
    try {
      deleted.push(ctx.store.delete(resource.key, target.namespace, target.name, options));
    } catch (error) {
      // Garbage collection of an earlier item may already have removed this one.
      if (!(isSimApiError(error) && error.code === 404)) throw error;
    }
  }
  const items = deleted.map((item) => toServed(resource, item));
  sendJsonText(request.res, 200, listBody({ listKind: resource.listKind, apiVersion: apiVersionOf(resource), resourceVersion: ctx.store.resourceVersion(), items }));
}

