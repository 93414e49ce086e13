/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: container logs read through the kubelet
 * model's `PodLogSource`, with container selection as the real server does it, tailLines,
 * sinceSeconds/sinceTime, previous, timestamps, limitBytes, and `follow=true` streaming.
 */
import { badRequest, notFound } from "../errors";
import { isJsonObject } from "../store/json-value";
import type { K8sObject, PodLogOptions, PodLogSource } from "../types";
import type { ApiContext, ResourceRequest } from "./api-context";
import { sendText } from "./http-response";
import type { LogQuery } from "./query";

/** How often a followed log is re-read (simulated time). */
const FOLLOW_POLL_MS = 1000;

function containerNames(pod: K8sObject, field: "containers" | "initContainers"): string[] {
  const spec = isJsonObject(pod.spec) ? pod.spec : {};
  const list = spec[field];
  return Array.isArray(list) ? list.filter(isJsonObject).map((c) => String(c.name)) : [];
}

/** The container the request means, or a 400 like the real server's. */
function pickContainer(pod: K8sObject, requested: string | undefined): string {
  const containers = containerNames(pod, "containers");
  const inits = containerNames(pod, "initContainers");
  const name = pod.metadata.name;
  if (requested) {
    if (!containers.includes(requested) && !inits.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  if (containers.length === 1) return containers[0] as string;
  const initText = inits.length ? ` or one of the init containers: [${inits.join(" ")}]` : "";
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]${initText}`);
}

function readLogs(source: PodLogSource | undefined, namespace: string, pod: string, options: PodLogOptions): string {
  return source ? source.read(namespace, pod, options) : "";
}

// GET /api/v1/namespaces/{ns}/pods/{name}/log
export function getPodLog(ctx: ApiContext, request: ResourceRequest, query: LogQuery): void {
  const namespace = request.namespace ?? "";
  const name = request.name ?? "";
  const pod = ctx.store.peek("pods", namespace, name);
  if (!pod) throw notFound("pods", name);
  const container = pickContainer(pod, query.container);
  const options: PodLogOptions = { container, previous: query.previous, timestamps: query.timestamps };
  if (query.tailLines !== undefined && query.tailLines >= 0) options.tailLines = query.tailLines;
  if (query.sinceSeconds !== undefined) options.sinceSeconds = query.sinceSeconds;
  else if (query.sinceTime) {
    const since = Date.parse(query.sinceTime);
    if (Number.isNaN(since)) throw badRequest(`invalid value for query parameter "sinceTime": ${query.sinceTime}`);
    options.sinceSeconds = Math.max(1, Math.ceil((ctx.clock.nowMs() - since) / 1000));
  }
  let text = readLogs(ctx.podLogs(), namespace, name, options);
  if (query.limitBytes !== undefined) text = Buffer.from(text).subarray(0, query.limitBytes).toString("utf8");
  if (!query.follow || query.previous) {
    sendText(request.res, 200, text);
    return;
  }
  followLog(ctx, request, { namespace, name, container, timestamps: !!query.timestamps }, text);
}

/** Streams the log, then whatever is appended, until the client leaves, the pod goes, or the server stops. */
function followLog(ctx: ApiContext, request: ResourceRequest, target: { namespace: string; name: string; container: string; timestamps: boolean }, initial: string): void {
  const { res, req } = request;
  res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  res.write(initial);
  const full = () => readLogs(ctx.podLogs(), target.namespace, target.name, { container: target.container, timestamps: target.timestamps });
  let sent = safeLength(full);
  const stop = () => {
    ctx.clock.clearTimer(timer);
    ctx.streams.delete(stop);
    if (!res.writableEnded) res.end();
  };
  const timer = ctx.clock.setInterval(() => {
    if (!ctx.store.peek("pods", target.namespace, target.name)) return stop();
    let text: string;
    try {
      text = full();
    } catch {
      return stop();
    }
    // A shorter log means the container restarted; carry on from the new end.
    if (text.length > sent) res.write(text.slice(sent));
    sent = text.length;
  }, FOLLOW_POLL_MS);
  ctx.streams.add(stop);
  req.on("close", stop);
}

function safeLength(read: () => string): number {
  try {
    return read().length;
  } catch {
    return 0;
  }
}
