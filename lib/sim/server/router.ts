/**
 * Dispatch of one HTTP request: health and version, discovery, the minimal OpenAPI v3, and
 * resource requests by verb and subresource. Handlers throw `SimApiError`; this is the one
 * place that turns errors into `Status` responses.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { methodNotAllowed, resourceNotServed } from "../errors";
import { SIM_KUBERNETES_VERSION } from "../store/bootstrap";
import type { ApiContext, ResourceRequest } from "./api-context";
import { aggregatedDiscovery, aggregatedDiscoveryContentType, coreVersions, groupDocument, groupList, resourceList } from "./discovery";
import { sendError, sendJson, sendJsonText, sendText } from "./http-response";
import { acceptedAggregatedDiscovery } from "./negotiation";
import { openApiV3 } from "./openapi";
import { getPodLog } from "./pod-log-handler";
import { parseLogQuery, parseReadQuery, parseWriteQuery } from "./query";
import { getObject, listObjects } from "./read-handlers";
import { resolveTarget } from "./request-target";
import { getScale, patchScale, replaceScale } from "./scale-handlers";
import { getStatus, patchStatus, replaceStatus } from "./status-handlers";
import { watchObjects } from "./watch-handler";
import { createObject, deleteCollection, deleteObject, patchObject, replaceObject } from "./write-handlers";

/** `/version`, shaped like a kube-apiserver 1.32 answer. */
const VERSION_INFO = {
  major: "1",
  minor: "32",
  gitVersion: SIM_KUBERNETES_VERSION,
  gitCommit: "0000000000000000000000000000000000000000",
  gitTreeState: "clean",
  buildDate: "2025-04-22T00:00:00Z",
  goVersion: "go1.23.8",
  compiler: "gc",
  platform: "linux/amd64",
};

/** Product token of a User-Agent (`kubectl/v1.32.4 (linux/amd64) ...` -> `kubectl`), the real default field manager. */
function userAgentManager(userAgent: string | undefined): string {
  const product = (userAgent ?? "").split(/[\s/]/)[0];
  return product || "unknown";
}

let nextRequestId = 1;

/** Handles one request against the simulated API server. */
export async function handleRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, serverAddress: string): Promise<void> {
  const id = nextRequestId++;
  try {
    const url = new URL(req.url ?? "/", "http://sim.local");
    const target = resolveTarget(url.pathname);
    const method = (req.method ?? "GET").toUpperCase();
    const accept = req.headers.accept;
    switch (target.kind) {
      case "version":
        return sendJson(res, 200, VERSION_INFO);
      case "health":
        return sendText(res, 200, "ok");
      case "core-versions": {
        const aggregated = acceptedAggregatedDiscovery(accept);
        if (aggregated) return sendJson(res, 200, aggregatedDiscovery(true, aggregated), aggregatedDiscoveryContentType(aggregated));
        return sendJson(res, 200, coreVersions(serverAddress));
      }
      case "group-list": {
        const aggregated = acceptedAggregatedDiscovery(accept);
        if (aggregated) return sendJson(res, 200, aggregatedDiscovery(false, aggregated), aggregatedDiscoveryContentType(aggregated));
        return sendJson(res, 200, groupList());
      }
      case "group": {
        const doc = groupDocument(target.group);
        if (!doc) throw resourceNotServed();
        return sendJson(res, 200, doc);
      }
      case "resource-list": {
        const doc = resourceList(target.group, target.version);
        if (!doc) throw resourceNotServed();
        return sendJson(res, 200, doc);
      }
      case "openapi-v3": {
        const json = openApiV3(target.path);
        if (json === undefined) throw resourceNotServed();
        return sendJsonText(res, 200, json);
      }
      case "not-found":
        throw resourceNotServed();
      case "resource": {
        const params = url.searchParams;
        const request: ResourceRequest = {
          id,
          req,
          res,
          url,
          resource: target.resource,
          namespace: target.namespace,
          legacyWatch: target.legacyWatch,
          fieldManager: params.get("fieldManager") || userAgentManager(req.headers["user-agent"]),
        };
        if (target.name !== undefined) request.name = target.name;
        if (target.subresource !== undefined) request.subresource = target.subresource;
        return await dispatchResource(ctx, request, method);
      }
    }
  } catch (error) {
    sendError(res, error, id);
  }
}

async function dispatchResource(ctx: ApiContext, request: ResourceRequest, method: string): Promise<void> {
  const params = request.url.searchParams;
  const { name, subresource } = request;
  if (subresource === "log") {
    if (method !== "GET") throw methodNotAllowed();
    return getPodLog(ctx, request, parseLogQuery(params));
  }
  if (subresource === "status") {
    if (method === "GET") return getStatus(ctx, request);
    if (method === "PUT") return replaceStatus(ctx, request, parseWriteQuery(params));
    if (method === "PATCH") return patchStatus(ctx, request, parseWriteQuery(params));
    throw methodNotAllowed();
  }
  if (subresource === "scale") {
    if (method === "GET") return getScale(ctx, request);
    if (method === "PUT") return replaceScale(ctx, request, parseWriteQuery(params));
    if (method === "PATCH") return patchScale(ctx, request, parseWriteQuery(params));
    throw methodNotAllowed();
  }
  if (name === undefined) {
    if (method === "GET") {
      const query = parseReadQuery(params);
      if (query.watch || request.legacyWatch) return watchObjects(ctx, request, query);
      return listObjects(ctx, request, query);
    }
    if (method === "POST") {
      if (request.resource.namespaced && request.namespace === null) throw methodNotAllowed();
      return await createObject(ctx, request, parseWriteQuery(params));
    }
    if (method === "DELETE") {
      if (!request.resource.verbs.includes("deletecollection")) throw methodNotAllowed();
      const read = parseReadQuery(params);
      const selectors: { labelSelector?: string; fieldSelector?: string } = {};
      if (read.labelSelector) selectors.labelSelector = read.labelSelector;
      if (read.fieldSelector) selectors.fieldSelector = read.fieldSelector;
      return await deleteCollection(ctx, request, parseWriteQuery(params), selectors);
    }
    throw methodNotAllowed();
  }
  if (method === "GET") {
    const query = parseReadQuery(params);
    if (request.legacyWatch || query.watch) return watchObjects(ctx, request, query);
    return getObject(ctx, request, query);
  }
  if (method === "PUT") return await replaceObject(ctx, request, parseWriteQuery(params));
  if (method === "PATCH") return await patchObject(ctx, request, parseWriteQuery(params));
  if (method === "DELETE") return await deleteObject(ctx, request, parseWriteQuery(params));
  throw methodNotAllowed();
}
