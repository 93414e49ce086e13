/**
 * Watches (`?watch=true` or the legacy `/watch/` prefix): a chunked stream of
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":...}` lines, as `kubectl get -w`,
 * `kubectl rollout status`, client-go reflectors and client-node informers consume it.
 *
 * Start points follow the real server: no resourceVersion (or "0") begins with synthetic ADDED
 * events for what exists; a resourceVersion resumes from the history (410 Gone ERROR event when
 * it was compacted away); `sendInitialEvents=true` ends the initial ADDED burst with a BOOKMARK
 * annotated `k8s.io/initial-events-end`. Selector transitions become ADDED / DELETED events.
 */
import { gone } from "../errors";
import { apiVersionOf } from "../resources";
import { compileFilter, matchesFilter, type ObjectFilter } from "../selectors";
import type { RecordedChange } from "../store/change-history";
import type { K8sObject, WatchEventType } from "../types";
import type { ApiContext, ResourceRequest } from "./api-context";
import { acceptedTableVersion } from "./negotiation";
import type { ReadQuery } from "./query";
import { objectJson } from "./serialize";
import { toTable, type IncludeObject } from "./table/to-table";
import { toServed } from "./wire-version";

/** How often BOOKMARK events are sent when the client allows them (simulated time). */
const BOOKMARK_INTERVAL_MS = 60_000;
/** A client that stops reading is cut off once this much output is queued. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

interface WatchScope {
  namespace: string | null;
  name?: string;
  filter: ObjectFilter;
}

function inScope(scope: WatchScope, object: K8sObject): boolean {
  if (scope.namespace !== null && object.metadata.namespace !== scope.namespace) return false;
  if (scope.name !== undefined && object.metadata.name !== scope.name) return false;
  return matchesFilter(scope.filter, object);
}

/** The event a change means for this watcher (selector transitions included), or undefined. */
function eventFor(scope: WatchScope, change: RecordedChange): WatchEventType | undefined {
  const now = inScope(scope, change.object);
  if (change.type === "ADDED") return now ? "ADDED" : undefined;
  if (change.type === "DELETED") return now ? "DELETED" : undefined;
  const before = change.oldObject ? inScope(scope, change.oldObject) : now;
  if (before && now) return "MODIFIED";
  if (!before && now) return "ADDED";
  if (before && !now) return "DELETED";
  return undefined;
}

// GET /api/v1/namespaces/{ns}/pods?watch=true
export function watchObjects(ctx: ApiContext, request: ResourceRequest, query: ReadQuery): void {
  const { resource, req, res } = request;
  const filter = compileFilter(resource.key, query);
  const scope: WatchScope = { namespace: request.namespace, filter };
  if (request.name !== undefined) scope.name = request.name;
  const tableVersion = acceptedTableVersion(req.headers.accept);
  const includeObject: IncludeObject = query.includeObject ?? "Metadata";

  const serialize = (type: WatchEventType | "BOOKMARK", object: K8sObject): string => {
    if (tableVersion && type !== "BOOKMARK") {
      const table = toTable([object], { resource: resource.key, nowMs: ctx.clock.nowMs(), version: tableVersion, includeObject });
      return `{"type":"${type}","object":${JSON.stringify(table)}}\n`;
    }
    return `{"type":"${type}","object":${type === "BOOKMARK" ? JSON.stringify(object) : objectJson(toServed(resource, object))}}\n`;
  };
  const bookmark = (annotations?: Record<string, string>): string => {
    const metadata: Record<string, unknown> = { resourceVersion: ctx.store.resourceVersion() };
    if (annotations) metadata.annotations = annotations;
    return serialize("BOOKMARK", { apiVersion: apiVersionOf(resource), kind: resource.kind, metadata } as unknown as K8sObject);
  };

  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.flushHeaders();

  let closed = false;
  const timers: number[] = [];
  const write = (chunk: string) => {
    if (closed) return;
    res.write(chunk);
    if (res.writableLength > MAX_BUFFERED_BYTES) stop();
  };
  // Subscribe before computing the start so nothing committed in between is missed (all of it
  // runs in one turn of the event loop, so there is no gap and no duplicate).
  const unsubscribe = ctx.store.watchChanges((change) => {
    if (change.resource !== resource.key) return;
    const type = eventFor(scope, change);
    if (type) write(serialize(type, change.object));
  });
  const stop = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const timer of timers) ctx.clock.clearTimer(timer);
    ctx.streams.delete(stop);
    if (!res.writableEnded) res.end();
  };
  ctx.streams.add(stop);
  req.on("close", stop);
  res.on("error", stop);

  const startRv = query.resourceVersion;
  if (!startRv || startRv === "0" || query.sendInitialEvents) {
    const existing = ctx.store.scan(resource.key, request.namespace, { filter }).items;
    for (const object of existing) if (inScope(scope, object)) write(serialize("ADDED", object));
    if (query.sendInitialEvents) write(bookmark({ "k8s.io/initial-events-end": "true" }));
  } else {
    const from = Number(startRv);
    const changes = Number.isFinite(from) ? ctx.store.changesSince(resource.key, from) : undefined;
    if (!changes) {
      const error = gone(`too old resource version: ${startRv} (${ctx.store.oldestResumable(resource.key)})`);
      write(`{"type":"ERROR","object":${JSON.stringify(error.toStatus())}}\n`);
      stop();
      return;
    }
    for (const change of changes) {
      const type = eventFor(scope, change);
      if (type) write(serialize(type, change.object));
    }
  }

  if (query.allowWatchBookmarks) timers.push(ctx.clock.setInterval(() => write(bookmark()), BOOKMARK_INTERVAL_MS));
  if (query.timeoutSeconds !== undefined && query.timeoutSeconds > 0) timers.push(ctx.clock.setTimeout(stop, query.timeoutSeconds * 1000));
}
