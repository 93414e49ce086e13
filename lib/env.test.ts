import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("runs on embedded defaults: SQLite under ./data, port 3000, 10-minute grouping window", () => {
    const env = parseEnv({});
    expect(env.databaseProvider).toBe("sqlite");
    expect(env.dataDir).toBe(path.resolve("data"));
    expect(env.databaseUrl).toBe(`file:${path.resolve("data", "agentic-sre.db")}`);
    expect(env.port).toBe(3000);
    expect(env.publicUrl).toBe("http://localhost:3000");
    expect(env.incidentGroupWindowMs).toBe(600_000);
    expect(env.webhookTokens).toEqual({});
  });

  it("chooses PostgreSQL for postgres URLs", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@h:5432/db" }).databaseProvider).toBe("postgresql");
    expect(parseEnv({ DATABASE_URL: "postgres://u:p@h/db" }).databaseProvider).toBe("postgresql");
  });

  it("fills per-source tokens from WEBHOOK_TOKEN, with per-source overrides", () => {
    const env = parseEnv({ WEBHOOK_TOKEN: "shared-token-0123456789", WEBHOOK_TOKEN_PAGERDUTY: "pd-token-0123456789abcd" });
    expect(env.webhookTokens.alertmanager).toBe("shared-token-0123456789");
    expect(env.webhookTokens.pagerduty).toBe("pd-token-0123456789abcd");
  });

  it("names every wrong variable and what it expects", () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: "mysql://x", INCIDENT_GROUP_WINDOW_SECONDS: "ten", WEBHOOK_TOKEN: "short", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as EnvError).message;
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("postgresql://");
    expect(message).toContain('INCIDENT_GROUP_WINDOW_SECONDS: expected a positive integer, got "ten"');
    expect(message).toContain("WEBHOOK_TOKEN: expected at least 16 characters");
    expect(message).toContain("LOG_LEVEL");
  });

  it("reads telemetry, SLO and autopilot settings, off or simulated by default", () => {
    const defaults = parseEnv({});
    expect(defaults.metrics).toEqual({ source: "simulator", baseUrl: "http://127.0.0.1:7443" });
    expect(defaults.autopilot).toEqual({});
    expect(defaults.sloOverrides).toEqual({});
    const configured = parseEnv({
      KUBECONFIG: "/k",
      PROMETHEUS_URL: "http://prom:9090/",
      AUTOPILOT: '{"shop":"low"}',
      SLO_OVERRIDES: '{"checkout":{"errorRatio":0.02,"p99Ms":300}}',
    });
    expect(configured.metrics).toEqual({ source: "prometheus", baseUrl: "http://prom:9090" });
    expect(configured.autopilot).toEqual({ shop: "low" });
    expect(configured.sloOverrides).toMatchObject({ checkout: { errorRatio: 0.02, p99Ms: 300 } });
    expect(parseEnv({ KUBECONFIG: "/k" }).metrics).toEqual({ source: "none" });
    expect(() => parseEnv({ AUTOPILOT: '{"shop":"reckless"}' })).toThrow(/AUTOPILOT/);
    expect(() => parseEnv({ METRICS_SOURCE: "prometheus" })).toThrow(/PROMETHEUS_URL/);
  });

  it("splits PagerDuty secrets for rotation", () => {
    expect(parseEnv({ PAGERDUTY_WEBHOOK_SECRET: "old, new" }).pagerDutySecrets).toEqual(["old", "new"]);
  });
});

describe("parseEnv: llm", () => {
  it("keeps the rules reasoner until a model and an endpoint or key are set", () => {
    const defaults = parseEnv({}).llm;
    expect(defaults.enabled).toBe(false);
    expect(defaults.disabledReason).toBe("no model configured (LLM_MODEL)");
    expect(defaults).toMatchObject({ maxTurns: 12, tokenBudget: 200_000, timeoutMs: 60_000, maxRetries: 3, maxMessages: 24, redaction: { emails: true, ips: true, patterns: [] } });
    expect(parseEnv({ LLM_MODEL: "gpt-4o" }).llm.disabledReason).toContain("neither OPENAI_BASE_URL nor OPENAI_API_KEY");
    expect(parseEnv({ OPENAI_API_KEY: "sk-x" }).llm.disabledReason).toContain("LLM_MODEL is not");
  });

  it("reads the endpoint, the models per agent and the limits", () => {
    const ollama = parseEnv({ LLM_MODEL: "qwen2.5", OPENAI_BASE_URL: "http://localhost:11434/v1/", LLM_MODEL_DIAGNOSIS: "qwen2.5:32b", LLM_MAX_TURNS: "6", LLM_TOKEN_BUDGET: "50000", LLM_TIMEOUT_SECONDS: "30", LLM_MAX_RETRIES: "0", LLM_MAX_MESSAGES: "10" }).llm;
    expect(ollama).toMatchObject({ enabled: true, baseUrl: "http://localhost:11434/v1", apiKey: undefined, model: "qwen2.5", maxTurns: 6, tokenBudget: 50_000, timeoutMs: 30_000, maxRetries: 0, maxMessages: 10 });
    expect(ollama.models).toEqual({ detection: "qwen2.5", diagnosis: "qwen2.5:32b", mitigation: "qwen2.5" });
    expect(parseEnv({ LLM_MODEL: "gpt-4o", OPENAI_API_KEY: "sk-x" }).llm).toMatchObject({ enabled: true, baseUrl: "https://api.openai.com/v1", apiKey: "sk-x" });
  });

  it("reads redaction switches and patterns, and names wrong values", () => {
    expect(parseEnv({ LLM_REDACT: "none" }).llm.redaction).toEqual({ emails: false, ips: false, patterns: [] });
    expect(parseEnv({ LLM_REDACT: "emails", LLM_REDACT_PATTERNS: '["cust-[0-9]{6}"]' }).llm.redaction).toEqual({ emails: true, ips: false, patterns: ["cust-[0-9]{6}"] });
    expect(() => parseEnv({ LLM_REDACT: "emails,phones" })).toThrow(/LLM_REDACT: unknown item\(s\) phones/);
    expect(() => parseEnv({ LLM_REDACT_PATTERNS: '["("]' })).toThrow(/LLM_REDACT_PATTERNS: item 0 is not a valid regular expression/);
    expect(() => parseEnv({ LLM_REDACT_PATTERNS: "cust-1" })).toThrow(/LLM_REDACT_PATTERNS: expected a JSON array/);
    expect(() => parseEnv({ OPENAI_BASE_URL: "localhost:11434" })).toThrow(/OPENAI_BASE_URL: expected an absolute URL/);
    expect(() => parseEnv({ LLM_MAX_RETRIES: "11" })).toThrow(/LLM_MAX_RETRIES: expected an integer from 0 to 10/);
  });
});

describe("parseEnv: auth", () => {
  it("defaults: generated secret and admin password, admin@agentic-sre.local, no single sign-on", () => {
    expect(parseEnv({}).auth).toEqual({ secret: undefined, firstAdmin: { email: "admin@agentic-sre.local", password: undefined }, oidc: null });
  });

  it("reads the first admin, the session secret and OIDC, with viewer as the default SSO role", () => {
    const env = parseEnv({
      BETTER_AUTH_SECRET: "s".repeat(32),
      ADMIN_EMAIL: "Ops@Example.com",
      ADMIN_PASSWORD: " twelve chars ",
      OIDC_ISSUER: "https://login.example.com/realms/ops/",
      OIDC_CLIENT_ID: "agentic-sre",
      OIDC_CLIENT_SECRET: "shh",
    });
    expect(env.auth).toEqual({
      secret: "s".repeat(32),
      firstAdmin: { email: "ops@example.com", password: " twelve chars " },
      oidc: { issuer: "https://login.example.com/realms/ops", clientId: "agentic-sre", clientSecret: "shh", defaultRole: "viewer", providerName: "single sign-on" },
    });
    expect(parseEnv({ OIDC_ISSUER: "https://idp", OIDC_CLIENT_ID: "c", OIDC_DEFAULT_ROLE: "responder" }).auth.oidc?.defaultRole).toBe("responder");
  });

  it("names each wrong auth variable", () => {
    expect(() => parseEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(/BETTER_AUTH_SECRET: expected at least 32 characters/);
    expect(() => parseEnv({ ADMIN_EMAIL: "root" })).toThrow(/ADMIN_EMAIL: expected an email address/);
    expect(() => parseEnv({ ADMIN_PASSWORD: "short" })).toThrow(/ADMIN_PASSWORD: expected 12 to 128 characters/);
    expect(() => parseEnv({ OIDC_ISSUER: "login.example.com" })).toThrow(/OIDC_ISSUER: expected the issuer URL/);
    expect(() => parseEnv({ OIDC_DEFAULT_ROLE: "owner" })).toThrow(/OIDC_DEFAULT_ROLE/);
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp" })).toThrow(/OIDC_CLIENT_ID: required for single sign-on/);
    expect(() => parseEnv({ OIDC_CLIENT_ID: "c" })).toThrow(/OIDC_ISSUER: required for single sign-on/);
  });
});
