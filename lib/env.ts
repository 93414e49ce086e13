import path from "node:path";
import { z } from "zod";
import { ALERT_SOURCES, type AlertSource } from "./alerts/types";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./auth/password-rules";
import { OPERATOR_ROLES, type OperatorRole } from "./auth/roles";
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

/** Comma-separated list of redaction switches for what is sent to a model. */
const LLM_REDACTION_SWITCHES = ["emails", "ips", "none"] as const;

const llmRedactSchema = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    // Default: e-mails and IPs on top of the secrets, which are always redacted.
    if (text === undefined || text === "") return { emails: true, ips: true };
    const items = text.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
    const unknown = items.filter((i) => !(LLM_REDACTION_SWITCHES as readonly string[]).includes(i));
    if (unknown.length) {
      ctx.addIssue({ code: "custom", message: `unknown item(s) ${unknown.join(", ")}; expected a comma-separated list of ${LLM_REDACTION_SWITCHES.join(", ")} (secrets are always redacted)` });
      return z.NEVER;
    }
    return { emails: items.includes("emails"), ips: items.includes("ips") };
  });

const llmRedactPatternsSchema = z
  .string()
  .trim()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === "") return [] as string[];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected a JSON array of regular expressions, e.g. ["cust-[0-9]{6}", "10\\.1\\.[0-9.]+"]' });
      return z.NEVER;
    }
    if (!Array.isArray(parsed) || !parsed.every((p): p is string => typeof p === "string" && p.length > 0)) {
      ctx.addIssue({ code: "custom", message: "expected a JSON array of non-empty strings (regular expressions)" });
      return z.NEVER;
    }
    for (const [i, pattern] of parsed.entries()) {
      try {
        new RegExp(pattern, "g");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `item ${i} is not a valid regular expression: ${(error as Error).message}` });
        return z.NEVER;
      }
    }
    return parsed;
  });

/** Optional model name of one agent. */
const modelName = optionalString.refine((value) => value === undefined || /^\S+$/.test(value), { message: "expected a model name without spaces" });

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
  // --- auth: operator sign-in (better-auth) ---
  /** Signs operator sessions (default: generated into DATA_DIR/auth-secret on first start). */
  BETTER_AUTH_SECRET: optionalString.refine((value) => value === undefined || value.length >= 32, {
    message: "expected at least 32 characters (e.g. `openssl rand -base64 32`)",
  }),
  /** The first admin, created when the app starts with no operator account (default admin@agentic-sre.local). */
  ADMIN_EMAIL: optionalString.refine((value) => value === undefined || z.email().safeParse(value).success, {
    message: "expected an email address such as oncall-admin@example.com",
  }),
  /** The first admin's password (default: generated and printed once in the log). Not trimmed: spaces count. */
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .refine((value) => value === undefined || (value.length >= MIN_PASSWORD_LENGTH && value.length <= MAX_PASSWORD_LENGTH), {
      message: `expected ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    }),
  /** OpenID Connect issuer for single sign-on (its /.well-known/openid-configuration is read). */
  OIDC_ISSUER: optionalString.refine((value) => value === undefined || (/^https?:\/\//.test(value) && URL.canParse(value)), {
    message: "expected the issuer URL, e.g. https://login.example.com/realms/ops",
  }),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  /** Role given to operators the first time they sign in through OIDC. */
  OIDC_DEFAULT_ROLE: z.enum(OPERATOR_ROLES).default("viewer"),
  /** Label of the single sign-on button on the login page. */
  OIDC_PROVIDER_NAME: optionalString,
  // --- end auth ---
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
  /** API key of the OpenAI-compatible endpoint (optional for local servers such as Ollama or vLLM). */
  OPENAI_API_KEY: optionalString,
  /** Base URL of the OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (default with a key: OpenAI's). */
  OPENAI_BASE_URL: optionalString.refine((value) => value === undefined || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), {
    message: "expected an absolute URL such as https://api.openai.com/v1 or http://localhost:11434/v1",
  }),
  /** Model of the LLM reasoner; with a base URL or a key it turns the LLM reasoner on. */
  LLM_MODEL: modelName,
  LLM_MODEL_DETECTION: modelName,
  LLM_MODEL_DIAGNOSIS: modelName,
  LLM_MODEL_MITIGATION: modelName,
  /** Model requests one agent may make (plan, investigation, answer, reflection). */
  LLM_MAX_TURNS: positiveInt(12),
  /** Model tokens (input + output) one incident may use across its agents. */
  LLM_TOKEN_BUDGET: positiveInt(200_000),
  /** Seconds one model request may take before it is abandoned and retried. */
  LLM_TIMEOUT_SECONDS: positiveInt(60),
  /** Retries of a timed-out, rate-limited (429) or failed (5xx) model request. */
  LLM_MAX_RETRIES: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return 3;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < 0 || parsed > 10) {
        ctx.addIssue({ code: "custom", message: `expected an integer from 0 to 10, got "${value}"` });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Messages kept verbatim in an agent's conversation window; older turns are summarized. */
  LLM_MAX_MESSAGES: positiveInt(24),
  /** What is redacted from model input besides secrets: comma-separated emails, ips, or none (default emails,ips). */
  LLM_REDACT: llmRedactSchema,
  /** Extra regular expressions redacted from model input, JSON array. */
  LLM_REDACT_PATTERNS: llmRedactPatternsSchema,
  /** Directory of markdown runbooks indexed on start (default ./runbooks). */
  RUNBOOKS_DIR: optionalString,
  /** OpenAI-compatible embeddings endpoint for hybrid runbook search (with EMBEDDINGS_MODEL). */
  EMBEDDINGS_BASE_URL: optionalString.refine((value) => value === undefined || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), {
    message: "expected an http(s) URL like http://127.0.0.1:11434/v1",
  }),
  EMBEDDINGS_MODEL: optionalString,
  EMBEDDINGS_API_KEY: optionalString,
  /** SearxNG-compatible search endpoint; web research is off without it. */
  SEARXNG_URL: optionalString.refine((value) => value === undefined || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), {
    message: "expected an http(s) URL like http://127.0.0.1:8888",
  }),
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
  /** Operator sign-in: session secret, first admin, optional OIDC single sign-on. */
  auth: AuthEnv;
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
  /** The LLM reasoner's settings; `enabled` only with a model and a base URL or key. */
  llm: LlmEnv;
  /** Runbooks and research: where runbooks are read from, embeddings (both URL and model set), SearxNG. */
  memory: {
    runbooksDir: string;
    embeddings: { baseUrl: string; model: string; apiKey: string | undefined } | null;
    searxngUrl: string | null;
  };
}

/** Settings of the LLM reasoner (OpenAI-compatible endpoint). */
export interface LlmEnv {
  /** True when LLM_MODEL and OPENAI_BASE_URL or OPENAI_API_KEY are set. */
  enabled: boolean;
  /** Why the LLM reasoner is off (for the logs and the Settings page), when it is. */
  disabledReason: string | null;
  apiKey: string | undefined;
  /** The endpoint; OpenAI's when only a key is set. */
  baseUrl: string;
  /** LLM_MODEL (null when unset). */
  model: string | null;
  /** Model per agent (LLM_MODEL_<AGENT>, else LLM_MODEL). */
  models: { detection: string | null; diagnosis: string | null; mitigation: string | null };
  maxTurns: number;
  tokenBudget: number;
  timeoutMs: number;
  maxRetries: number;
  maxMessages: number;
  redaction: { emails: boolean; ips: boolean; patterns: string[] };
}

/** OpenAI's endpoint, used when only OPENAI_API_KEY is set. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

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
    auth: authConfig(raw),
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
    llm: llmConfig(raw),
    memory: {
      runbooksDir: path.resolve(/* turbopackIgnore: true */ raw.RUNBOOKS_DIR ?? "./runbooks"),
      embeddings: raw.EMBEDDINGS_BASE_URL && raw.EMBEDDINGS_MODEL ? { baseUrl: raw.EMBEDDINGS_BASE_URL, model: raw.EMBEDDINGS_MODEL, apiKey: raw.EMBEDDINGS_API_KEY } : null,
      searxngUrl: raw.SEARXNG_URL ?? null,
    },
  };
}

function llmConfig(raw: z.infer<typeof envSchema>): LlmEnv {
  const model = raw.LLM_MODEL ?? null;
  const endpointSet = raw.OPENAI_BASE_URL !== undefined || raw.OPENAI_API_KEY !== undefined;
  const disabledReason = model === null ? (endpointSet ? "OPENAI_BASE_URL or OPENAI_API_KEY is set but LLM_MODEL is not" : "no model configured (LLM_MODEL)") : endpointSet ? null : "LLM_MODEL is set but neither OPENAI_BASE_URL nor OPENAI_API_KEY";
  return {
    enabled: disabledReason === null,
    disabledReason,
    apiKey: raw.OPENAI_API_KEY,
    baseUrl: (raw.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).replace(/\/+$/, ""),
    model,
    models: {
      detection: raw.LLM_MODEL_DETECTION ?? model,
      diagnosis: raw.LLM_MODEL_DIAGNOSIS ?? model,
      mitigation: raw.LLM_MODEL_MITIGATION ?? model,
    },
    maxTurns: raw.LLM_MAX_TURNS,
    tokenBudget: raw.LLM_TOKEN_BUDGET,
    timeoutMs: raw.LLM_TIMEOUT_SECONDS * 1000,
    maxRetries: raw.LLM_MAX_RETRIES,
    maxMessages: raw.LLM_MAX_MESSAGES,
    redaction: { ...raw.LLM_REDACT, patterns: raw.LLM_REDACT_PATTERNS },
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

/** Operator sign-in settings (see `Env.auth`). */
export interface AuthEnv {
  /** BETTER_AUTH_SECRET; undefined = the secret generated into the data directory. */
  secret: string | undefined;
  /** Who the first admin is when no operator account exists yet; no password = generate one. */
  firstAdmin: { email: string; password: string | undefined };
  /** OIDC single sign-on, when OIDC_ISSUER and OIDC_CLIENT_ID are set. */
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; defaultRole: OperatorRole; providerName: string } | null;
}

function authConfig(raw: z.infer<typeof envSchema>): AuthEnv {
  const oidcSet = [raw.OIDC_ISSUER, raw.OIDC_CLIENT_ID, raw.OIDC_CLIENT_SECRET].some((value) => value !== undefined);
  if (oidcSet && (!raw.OIDC_ISSUER || !raw.OIDC_CLIENT_ID)) {
    throw new EnvError([`${raw.OIDC_ISSUER ? "OIDC_CLIENT_ID" : "OIDC_ISSUER"}: required for single sign-on once any OIDC_* variable is set`]);
  }
  return {
    secret: raw.BETTER_AUTH_SECRET,
    firstAdmin: { email: (raw.ADMIN_EMAIL ?? "admin@agentic-sre.local").toLowerCase(), password: raw.ADMIN_PASSWORD },
    oidc:
      raw.OIDC_ISSUER && raw.OIDC_CLIENT_ID
        ? {
            issuer: raw.OIDC_ISSUER.replace(/\/+$/, ""),
            clientId: raw.OIDC_CLIENT_ID,
            clientSecret: raw.OIDC_CLIENT_SECRET,
            defaultRole: raw.OIDC_DEFAULT_ROLE,
            providerName: raw.OIDC_PROVIDER_NAME ?? "single sign-on",
          }
        : null,
  };
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
