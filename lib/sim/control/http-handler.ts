/**
 * The simulator's control and telemetry endpoints, tried by the API server before Kubernetes
 * routing: Prometheus scrape, the metrics query API, scenarios, reset, clock and status.
 * Parse (zod) -> call one function -> map the result or error to JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import type { SimClock } from "../clock";
import type { ScenarioRunner } from "../scenarios/scenario-runner";
import { UnknownScenarioError } from "../scenarios/scenario-runner";
import { EXPOSITION_CONTENT_TYPE } from "../telemetry/exposition";
import type { EdgeMetric, ServiceMetric, TelemetryQuery } from "../telemetry/query";
import { clockUpdateSchema, metricsQuerySchema } from "./schemas";

/** What the handler needs. */
export interface ControlHandlerDeps {
  clock: SimClock;
  /** The Prometheus text exposition, rendered now. */
  exposition(): string;
  query: TelemetryQuery;
  scenarios: ScenarioRunner;
  /** Status document (`GET /sim/v1/status`). */
  status(): unknown;
}

/** Largest request body accepted (the only body is a tiny JSON object). */
const MAX_BODY_BYTES = 16 * 1024;

/** An error with an HTTP status and a message safe to show. */
class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function fromZod(error: z.ZodError): ControlError {
  const issue = error.issues[0];
  const field = issue?.path.join(".") || undefined;
  return new ControlError(400, field ? `invalid ${field}: ${issue?.message}` : (issue?.message ?? "invalid request"), field);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ControlError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ControlError(400, "request body is not valid JSON");
  }
}

function requireMethod(req: IncomingMessage, ...methods: string[]): void {
  if (!methods.includes(req.method ?? "GET")) throw new ControlError(405, `method ${req.method} not allowed; use ${methods.join(" or ")}`);
}

/** Build the handler; it resolves to false for requests it does not own. */
export function createControlHandler(deps: ControlHandlerDeps): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://sim.local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    if (path !== "/metrics" && !path.startsWith("/sim/v1/")) return false;
    try {
      await route(deps, req, res, path, url.searchParams);
    } catch (error) {
      if (error instanceof ControlError) sendJson(res, error.status, { error: { code: error.status, message: error.message, ...(error.field ? { field: error.field } : {}) } });
      else if (error instanceof UnknownScenarioError) sendJson(res, 404, { error: { code: 404, message: error.message } });
      else {
        const requestId = `ctl-${deps.clock.nowMs().toString(36)}`;
        console.error(`[sim-control] ${requestId} ${req.method} ${path} failed:`, error);
        sendJson(res, 500, { error: { code: 500, message: `internal error (request ${requestId})` } });
      }
    }
    return true;
  };
}

async function route(deps: ControlHandlerDeps, req: IncomingMessage, res: ServerResponse, path: string, params: URLSearchParams): Promise<void> {
  // GET /metrics: Prometheus scrape.
  if (path === "/metrics") {
    requireMethod(req, "GET", "HEAD");
    const body = deps.exposition();
    res.writeHead(200, { "Content-Type": EXPOSITION_CONTENT_TYPE, "Content-Length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
    return;
  }
  // GET /sim/v1/metrics/query: range query for one service or edge.
  if (path === "/sim/v1/metrics/query") {
    requireMethod(req, "GET");
    const parsed = metricsQuerySchema.safeParse(Object.fromEntries(params));
    if (!parsed.success) throw fromZod(parsed.error);
    const q = parsed.data;
    const endMs = q.end ?? deps.clock.nowMs();
    const startMs = q.start ?? endMs - 3_600_000;
    if (startMs > endMs) throw new ControlError(400, "invalid start: must not be after end", "start");
    if ((endMs - startMs) / (q.step * 1000) > 11_000) throw new ControlError(400, "invalid step: too many points (at most 11000 per query)", "step");
    const target = q.service !== undefined ? { kind: "service" as const, namespace: q.namespace, service: q.service } : { kind: "edge" as const, namespace: q.namespace, from: q.from ?? "", to: q.to ?? "" };
    const result = deps.query.range({ target, metric: q.metric as ServiceMetric | EdgeMetric, startMs, endMs, stepSeconds: q.step, windowSeconds: q.window });
    sendJson(res, 200, { status: "success", data: result });
    return;
  }
  // GET /sim/v1/scenarios: the library with ground truths.
  if (path === "/sim/v1/scenarios") {
    requireMethod(req, "GET");
    sendJson(res, 200, { scenarios: deps.scenarios.list(), injected: deps.scenarios.history() });
    return;
  }
  // POST /sim/v1/scenarios/{name}/inject | /fix
  const scenarioAction = /^\/sim\/v1\/scenarios\/([^/]+)\/(inject|fix)$/.exec(path);
  if (scenarioAction) {
    requireMethod(req, "POST");
    const name = decodeURIComponent(scenarioAction[1] ?? "");
    const result = scenarioAction[2] === "inject" ? deps.scenarios.inject(name) : deps.scenarios.fix(name);
    sendJson(res, 200, { scenario: result.scenario.name, action: scenarioAction[2], at: deps.clock.nowRfc3339(), changes: result.changes });
    return;
  }
  // POST /sim/v1/reset: shop back to baseline.
  if (path === "/sim/v1/reset") {
    requireMethod(req, "POST");
    sendJson(res, 200, { reset: true, at: deps.clock.nowRfc3339(), ...deps.scenarios.reset() });
    return;
  }
  // GET|PUT /sim/v1/clock
  if (path === "/sim/v1/clock") {
    requireMethod(req, "GET", "PUT");
    if (req.method === "PUT") {
      const parsed = clockUpdateSchema.safeParse(await readJson(req));
      if (!parsed.success) throw fromZod(parsed.error);
      if (deps.clock.clockMode === "manual") throw new ControlError(409, "the clock is manual (tests): its speed cannot be set");
      deps.clock.setSpeed(parsed.data.speed);
    }
    sendJson(res, 200, { now: deps.clock.now().toISOString(), mode: deps.clock.clockMode, speed: deps.clock.speed });
    return;
  }
  // GET /sim/v1/status
  if (path === "/sim/v1/status") {
    requireMethod(req, "GET");
    sendJson(res, 200, deps.status());
    return;
  }
  throw new ControlError(404, `no such endpoint: ${path}`);
}
