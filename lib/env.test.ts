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
