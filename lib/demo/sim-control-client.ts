import "server-only";
/**
 * The demo fault panel's client of the simulated cluster's control API (`/sim/v1/*`, served on the
 * simulator's port; see lib/sim/control). Every answer is checked with zod before it is passed on,
 * and every failure becomes an ApiError that says in words what went wrong. Framework-free: it
 * belongs in lib/ (e.g. lib/demo/) and lives beside its routes only because of file ownership.
 */
import { z } from "zod";
import { ApiError } from "../http/api-error";
import type { DemoClock, DemoState } from "./demo-views";

export type { DemoClock, DemoScenario, DemoState } from "./demo-views";

/** Longest a control request may take (they are all in-memory operations on the simulator). */
export const SIM_CONTROL_TIMEOUT_MS = 5_000;

const scenarioListSchema = z.object({
  scenarios: z.array(z.object({ name: z.string().min(1), title: z.string(), description: z.string(), inject: z.array(z.unknown()) }).loose()),
  injected: z.array(z.object({ name: z.string(), injectedAt: z.string(), fixedAt: z.string().optional() }).loose()).default([]),
});
const clockSchema = z.object({ now: z.string(), mode: z.enum(["realtime", "manual"]), speed: z.number().positive() });
const injectSchema = z.object({ scenario: z.string(), at: z.string(), changes: z.array(z.unknown()) }).loose();
const resetSchema = z.object({ reset: z.literal(true), at: z.string() }).loose();
const simErrorSchema = z.object({ error: z.object({ message: z.string() }).loose() }).loose();

/** `PUT /api/demo/clock` body. */
export const clockSpeedSchema = z
  .object({ speed: z.number({ error: "must be a number" }).positive("must be above 0").max(10_000, "must be at most 10000 simulated seconds per second") })
  .strict();

/** A scenario name as it appears in the URL. */
export const scenarioNameSchema = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a scenario name like scale-to-zero").max(100);

export interface SimControlClientOptions {
  /** The simulator's API server, e.g. http://127.0.0.1:7443. */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface SimControlClient {
  state(): Promise<DemoState>;
  /** Injects a scenario from the list (404 for a name that is not in it). */
  inject(name: string): Promise<{ scenario: string; at: string; changes: number }>;
  reset(): Promise<{ at: string }>;
  setClockSpeed(speed: number): Promise<DemoClock>;
}

/** A client of the simulator's control API at `baseUrl`. */
export function createSimControlClient(options: SimControlClientOptions): SimControlClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? SIM_CONTROL_TIMEOUT_MS;

  async function request<S extends z.ZodType>(schema: S, path: string, init: RequestInit = {}): Promise<z.output<S>> {
    const url = `${baseUrl}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, { ...init, headers: { accept: "application/json", ...(init.body ? { "content-type": "application/json" } : {}) }, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new ApiError("internal", `the simulated cluster does not answer at ${baseUrl} (${reason}); is it running?`);
    }
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: reported below with the status.
    }
    if (!response.ok) {
      const message = simErrorSchema.safeParse(body).data?.error.message ?? `HTTP ${response.status}`;
      const code = response.status === 404 ? "not_found" : response.status === 409 ? "conflict" : response.status === 400 ? "unprocessable" : "internal";
      throw new ApiError(code, `the simulated cluster refused ${init.method ?? "GET"} ${path}: ${message}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError("internal", `the simulated cluster answered ${path} with an unexpected document: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data;
  }

  const listScenarios = async () => {
    const list = await request(scenarioListSchema, "/sim/v1/scenarios");
    return {
      // A scenario that injects nothing (the baseline) is not a fault to offer.
      scenarios: list.scenarios.filter((s) => s.inject.length > 0).map((s) => ({ name: s.name, title: s.title, description: s.description })),
      injected: list.injected.map((i) => ({ name: i.name, injectedAt: i.injectedAt, fixedAt: i.fixedAt ?? null })),
    };
  };

  return {
    async state() {
      const [list, clock] = await Promise.all([listScenarios(), request(clockSchema, "/sim/v1/clock")]);
      return { ...list, clock };
    },
    async inject(name) {
      const parsedName = scenarioNameSchema.safeParse(name);
      if (!parsedName.success) throw new ApiError("unprocessable", `invalid scenario: ${parsedName.error.issues[0]?.message}`, [{ path: "name", message: parsedName.error.issues[0]?.message ?? "invalid" }]);
      // Checked against the simulator's own list, so only a scenario it offers is ever sent.
      const { scenarios } = await listScenarios();
      if (!scenarios.some((s) => s.name === name)) {
        throw new ApiError("not_found", `no scenario "${name}"; the simulated cluster offers: ${scenarios.map((s) => s.name).join(", ")}`);
      }
      const result = await request(injectSchema, `/sim/v1/scenarios/${encodeURIComponent(name)}/inject`, { method: "POST" });
      return { scenario: result.scenario, at: result.at, changes: result.changes.length };
    },
    async reset() {
      const result = await request(resetSchema, "/sim/v1/reset", { method: "POST" });
      return { at: result.at };
    },
    async setClockSpeed(speed) {
      const parsed = clockSpeedSchema.safeParse({ speed });
      if (!parsed.success) throw new ApiError("unprocessable", `invalid speed: ${parsed.error.issues[0]?.message}`, [{ path: "speed", message: parsed.error.issues[0]?.message ?? "invalid" }]);
      return request(clockSchema, "/sim/v1/clock", { method: "PUT", body: JSON.stringify(parsed.data) });
    },
  };
}
