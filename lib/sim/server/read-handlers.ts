/**
 * GET of one object and of a collection (list with selectors and pagination), as plain JSON
 * or as a server-side Table when kubectl asks for one.
 */
import { notFound } from "../errors";
import { apiVersionOf } from "../resources";
import { compileFilter } from "../selectors";
import type { ApiContext, ResourceRequest } from "./api-context";
import { decodeContinue, encodeContinue } from "./continue-token";
import { sendJson, sendJsonText } from "./http-response";
import { acceptedTableVersion } from "./negotiation";
import type { ReadQuery } from "./query";
import { listBody, objectJson } from "./serialize";
import { toTable } from "./table/to-table";
import { toServed } from "./wire-version";

// GET /api/v1/namespaces/{ns}/pods/{name}: one object.
export function getObject(ctx: ApiContext, request: ResourceRequest, query: ReadQuery): void {
  const { resource, namespace, name = "" } = request;
  const object = ctx.store.peek(resource.key, namespace, name);
  if (!object) throw notFound(resource.key, name);
  const tableVersion = acceptedTableVersion(request.req.headers.accept);
  if (tableVersion) {
    const table = toTable([object], { resource: resource.key, nowMs: ctx.clock.nowMs(), version: tableVersion, includeObject: query.includeObject ?? "Metadata", resourceVersion: object.metadata.resourceVersion });
    sendJson(request.res, 200, table);
    return;
  }
  sendJsonText(request.res, 200, objectJson(toServed(resource, object)));
}

// GET /api/v1/namespaces/{ns}/pods (or /api/v1/pods across namespaces): a list.
export function listObjects(ctx: ApiContext, request: ResourceRequest, query: ReadQuery): void {
  const { resource, namespace } = request;
  const filter = compileFilter(resource.key, query);
  const after = query.continue ? decodeContinue(query.continue).after : undefined;
  const page = ctx.store.scan(resource.key, namespace, { filter, ...(query.limit ? { limit: query.limit } : {}), ...(after !== undefined ? { after } : {}) });
  const continueToken = page.nextKey !== undefined ? encodeContinue({ resourceVersion: page.resourceVersion, after: page.nextKey }) : undefined;
  const tableVersion = acceptedTableVersion(request.req.headers.accept);
  if (tableVersion) {
    const table = toTable(page.items, {
      resource: resource.key,
      nowMs: ctx.clock.nowMs(),
      version: tableVersion,
      includeObject: query.includeObject ?? "Metadata",
      resourceVersion: page.resourceVersion,
      ...(continueToken ? { continueToken } : {}),
    });
    sendJson(request.res, 200, table);
    return;
  }
  const items = page.items.map((item) => toServed(resource, item));
  const body = listBody({ listKind: resource.listKind, apiVersion: apiVersionOf(resource), resourceVersion: page.resourceVersion, items, ...(continueToken ? { continueToken } : {}) });
  sendJsonText(request.res, 200, body);
}
