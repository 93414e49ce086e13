import path from "node:path";
import { z } from "zod";
import { ALERT_SOURCES, type AlertSource } from "./alerts/types";
import { sloOverridesJsonSchema } from "./telemetry/slo";

/** Risk levels of mitigation actions, in order; autopilot approves up to one of them. */
const RISK_LEVELS = ["low", "medium", "high"] as const;

const autopilotSchema = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    if (!text) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected JSON like {"shop":"low"} (namespace -> highest risk auto-approved)' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1), z.enum(RISK_LEVELS)));

/**
 * The one place that reads `process.env`. Every setting is validated here, once, and typed;
 * a wrong or missing value stops start-up with a message naming the variable and what it expects.
 */

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const positiveInt = (fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed <= 0) {
        ctx.addIssue({ code: "custom", message: `expected a positive integer, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    });

const webhookToken = optionalString.refine((value) => value === undefined || value.length >= 16, {
  message: "expected at least 16 characters (use a long random string, e.g. `openssl rand -hex 24`)",
});

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Directory for the SQLite file, the generated webhook token and the simulator's kubeconfig. */
  DATA_DIR: optionalString,
  /** `file:./data/agentic-sre.db` (default) or `postgresql://...`. */
  DATABASE_URL: optionalString.refine(
    (value) => value === undefined || value.startsWith("file:") || /^postgres(ql)?:\/\//.test(value),
    { message: 'expected "file:<path>" for SQLite or "postgresql://user:pass@host:5432/db" for PostgreSQL' },
  ),
  /** Milliseconds a SQLite writer waits for the lock before failing. */
  SQLITE_BUSY_TIMEOUT_MS: positiveInt(5000),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /** Base URL the app is reached at, used to show webhook URLs. */
  PUBLIC_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), {
    message: "expected an absolute URL such as http://localhost:3000",
  }),
  PORT: positiveInt(3000),
  /** A firing alert joins an open incident with the same key if that incident saw an alert within this window. */
  INCIDENT_GROUP_WINDOW_SECONDS: positiveInt(600),
  /** Shared webhook token for every source (per-source tokens below take precedence). */
  WEBHOOK_TOKEN: webhookToken,
  WEBHOOK_TOKEN_ALERTMANAGER: webhookToken,
  WEBHOOK_TOKEN_GRAFANA: webhookToken,
  WEBHOOK_TOKEN_PAGERDUTY: webhookToken,
  WEBHOOK_TOKEN_DATADOG: webhookToken,
  WEBHOOK_TOKEN_GENERIC: webhookToken,
  /** Authorizes approve/reject until operator sign-in exists (default: generated into DATA_DIR). */
  OPERATOR_TOKEN: webhookToken,
  /** PagerDuty V3 webhook signing secret(s), comma-separated during rotation. */
  PAGERDUTY_WEBHOOK_SECRET: optionalString,
  /** Any reachable PostgreSQL server, used by `npm run db:migration` to learn the dialect (nothing is written). */
  MIGRATION_POSTGRES_URL: optionalString,
  /** Where telemetry comes from: the simulator's query API (default with the simulator on) or a Prometheus server. */
  METRICS_SOURCE: z.enum(["simulator", "prometheus"]).optional(),
  /** Prometheus base URL when METRICS_SOURCE=prometheus. */
  PROMETHEUS_URL: optionalString.refine((value) => value === undefined || URL.canParse(value), {
    message: "expected an absolute URL such as http://prometheus:9090",
  }),
  /** Per-service SLOs for the health function, JSON. */
  SLO_OVERRIDES: sloOverridesJsonSchema.optional(),
  /** Run the agent pipeline worker inside the server (default true). */
  PIPELINE_ENABLED: optionalString.refine((value) => value === undefined || ["true", "false", "1", "0"].includes(value), {
    message: 'expected "true" or "false"',
  }),
  /** TNR stabilization window in (cluster) seconds between executing a transaction and judging it. */
  STABILIZATION_SECONDS: positiveInt(60),
  /** Autopilot per namespace: auto-approve mitigations up to this risk (JSON); off by default. */
  AUTOPILOT: autopilotSchema,
  /** Kubeconfig path(s) of a real cluster; when set, the simulator is off unless SIM_ENABLED=true. */
  KUBECONFIG: optionalString,
  /** Run the built-in simulated cluster (default: on unless KUBECONFIG is set). */
  SIM_ENABLED: optionalString.refine((value) => value === undefined || ["true", "false", "1", "0"].includes(value), {
    message: 'expected "true" or "false"',
  }),
  /** Loopback port of the simulated cluster's API server. */
  SIM_PORT: positiveInt(7443),
  /** Seed of the simulated cluster's randomness (same seed + same API calls = same history). */
  SIM_SEED: positiveInt(1),
  /** Simulated seconds per wall-clock second. */
  SIM_SPEED: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return 1;
      const parsed = Number(value);
      if (!(parsed > 0) || parsed > 10_000) {
        ctx.addIssue({ code: "custom", message: `expected a number between 0 and 10000, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    }),
});

export type DatabaseProvider = "sqlite" | "postgresql";

export interface Env {
  nodeEnv: "development" | "production" | "test";
  dataDir: string;
  databaseUrl: string;
  databaseProvider: DatabaseProvider;
  sqliteBusyTimeoutMs: number;
  logLevel: "debug" | "info" | "warn" | "error";
  publicUrl: string;
  port: number;
  incidentGroupWindowMs: number;
  /** Tokens configured by environment, per source (the shared WEBHOOK_TOKEN filled in). Missing = use the generated token. */
  webhookTokens: Partial<Record<AlertSource, string>>;
  pagerDutySecrets: string[];
  operatorToken: string | undefined;
  migrationPostgresUrl: string;
  metrics: { source: "simulator"; baseUrl: string } | { source: "prometheus"; baseUrl: string } | { source: "none" };
  sloOverrides: z.infer<typeof sloOverridesJsonSchema>;
  pipeline: { enabled: boolean; stabilizationSeconds: number };
  /** Namespace -> highest risk level auto-approved. Empty: every mitigation waits for a human. */
  autopilot: Record<string, (typeof RISK_LEVELS)[number]>;
  /** The built-in simulated cluster, when it runs. */
  simulator: { enabled: boolean; port: number; seed: number; speed: number; kubeconfigPath: string };
  /** KUBECONFIG for the app's cluster module: the real cluster's, or the simulator's; unset = ~/.kube/config or in-cluster. */
  kubeconfigPath: string | undefined;
}

/** Thrown when the environment is invalid; the message lists every bad variable. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parse and validate a set of environment variables (pure; `getEnv()` caches it for `process.env`). */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(vars);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
  }
  const raw = result.data;
  const dataDir = path.resolve(/* turbopackIgnore: true */ raw.DATA_DIR ?? "./data");
  const databaseUrl = raw.DATABASE_URL ?? `file:${path.join(dataDir, "agentic-sre.db")}`;
  const webhookTokens: Partial<Record<AlertSource, string>> = {};
  for (const source of ALERT_SOURCES) {
    const token = raw[`WEBHOOK_TOKEN_${source.toUpperCase()}` as keyof typeof raw] as string | undefined;
    const value = token ?? raw.WEBHOOK_TOKEN;
    if (value) webhookTokens[source] = value;
  }
  const simEnabled = raw.SIM_ENABLED === undefined ? raw.KUBECONFIG === undefined : raw.SIM_ENABLED === "true" || raw.SIM_ENABLED === "1";
  const simKubeconfigPath = path.join(dataDir, "sim.kubeconfig");
  return {
    nodeEnv: raw.NODE_ENV,
    dataDir,
    databaseUrl,
    databaseProvider: databaseUrl.startsWith("file:") ? "sqlite" : "postgresql",
    sqliteBusyTimeoutMs: raw.SQLITE_BUSY_TIMEOUT_MS,
    logLevel: raw.LOG_LEVEL,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/+$/, ""),
    port: raw.PORT,
    incidentGroupWindowMs: raw.INCIDENT_GROUP_WINDOW_SECONDS * 1000,
    webhookTokens,
    operatorToken: raw.OPERATOR_TOKEN,
    pagerDutySecrets: (raw.PAGERDUTY_WEBHOOK_SECRET ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    metrics: metricsConfig(raw.METRICS_SOURCE, raw.PROMETHEUS_URL, simEnabled, raw.SIM_PORT),
    sloOverrides: raw.SLO_OVERRIDES ?? {},
    autopilot: raw.AUTOPILOT,
    pipeline: { enabled: raw.PIPELINE_ENABLED === undefined || raw.PIPELINE_ENABLED === "true" || raw.PIPELINE_ENABLED === "1", stabilizationSeconds: raw.STABILIZATION_SECONDS },
    migrationPostgresUrl: raw.MIGRATION_POSTGRES_URL ?? "postgresql://sre:sre@127.0.0.1:5432/postgres",
    simulator: { enabled: simEnabled, port: raw.SIM_PORT, seed: raw.SIM_SEED, speed: raw.SIM_SPEED, kubeconfigPath: simKubeconfigPath },
    kubeconfigPath: simEnabled ? simKubeconfigPath : raw.KUBECONFIG,
  };
}

function metricsConfig(source: "simulator" | "prometheus" | undefined, prometheusUrl: string | undefined, simEnabled: boolean, simPort: number): Env["metrics"] {
  if (source === "prometheus" || (source === undefined && prometheusUrl)) {
    if (!prometheusUrl) throw new EnvError(["PROMETHEUS_URL: required when METRICS_SOURCE=prometheus"]);
    return { source: "prometheus", baseUrl: prometheusUrl.replace(/\/+$/, "") };
  }
  if (source === "simulator" || simEnabled) return { source: "simulator", baseUrl: `http://127.0.0.1:${simPort}` };
  return { source: "none" };
}

let cached: Env | undefined;

/** The validated configuration of this process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change `process.env` between cases; this drops the cached parse. */
export function resetEnvCache(): void {
  cached = undefined;
}
