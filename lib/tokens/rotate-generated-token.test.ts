import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getAppContext, resetAppContextForTests } from "../app-context";
import { resetEnvCache } from "../env";
import { ApiError } from "../http/api-error";
import type { Logger } from "../log";
import { rotateGeneratedToken } from "./rotate-generated-token";

const TOKEN_VARIABLES = ["WEBHOOK_TOKEN", "OPERATOR_TOKEN", "WEBHOOK_TOKEN_ALERTMANAGER", "WEBHOOK_TOKEN_GRAFANA", "WEBHOOK_TOKEN_PAGERDUTY", "WEBHOOK_TOKEN_DATADOG", "WEBHOOK_TOKEN_GENERIC"];
let dataDir: string;
const logged: { event: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  debug: () => {},
  info: (event, fields) => void logged.push({ event, fields }),
  warn: () => {},
  error: () => {},
  child: () => log,
};

/** A fresh app context over a fresh data directory, with these token variables set (and no others). */
function startApp(tokens: Record<string, string> = {}): void {
  for (const name of TOKEN_VARIABLES) delete process.env[name];
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: `file:${path.join(dataDir, "unused.db")}`, LOG_LEVEL: "error", SIM_ENABLED: "false", ...tokens });
  resetEnvCache();
  resetAppContextForTests();
}

function rotationError(kind: "webhook" | "operator"): ApiError {
  try {
    rotateGeneratedToken({ kind, by: "Ada Admin", log });
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error("expected the rotation to be refused");
}

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-rotate-"));
  logged.length = 0;
});
afterEach(() => {
  for (const name of TOKEN_VARIABLES) delete process.env[name];
  resetEnvCache();
  resetAppContextForTests();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("rotateGeneratedToken", () => {
  it("replaces the generated webhook token: a new file (0600, nothing left behind) and the context serves it at once", () => {
    startApp();
    const before = getAppContext().webhookTokens.generatedToken;
    expect(before).toMatch(/^[0-9a-f]{48}$/);

    const rotated = rotateGeneratedToken({ kind: "webhook", by: "Ada Admin", log });
    expect(rotated.token).toMatch(/^[0-9a-f]{48}$/);
    expect(rotated.token).not.toBe(before);
    expect(rotated.sources).toEqual(["alertmanager", "grafana", "pagerduty", "datadog", "generic"]);
    expect(rotated.file).toBe(path.join(dataDir, "webhook-token"));
    expect(readFileSync(rotated.file, "utf8")).toBe(`${rotated.token}\n`);
    expect(statSync(rotated.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const { webhookTokens } = getAppContext();
    expect(webhookTokens.generatedToken).toBe(rotated.token);
    expect(Object.values(webhookTokens.bySource)).toEqual(Array(5).fill(rotated.token));
    // Never the token itself in the log.
    expect(logged).toEqual([{ event: "token.rotated", fields: { kind: "webhook", by: "Ada Admin", file: rotated.file, sources: rotated.sources } }]);
    expect(JSON.stringify(logged)).not.toContain(rotated.token);
  });

  it("replaces the generated operator token and the context checks the new one", () => {
    startApp({ WEBHOOK_TOKEN: "webhook-token-from-env-0123" });
    const before = getAppContext().operatorToken;
    const rotated = rotateGeneratedToken({ kind: "operator", by: "Ada Admin", log });
    expect(rotated).toMatchObject({ kind: "operator", sources: [], file: path.join(dataDir, "operator-token") });
    expect(rotated.token).not.toBe(before);
    expect(getAppContext().operatorToken).toBe(rotated.token);
    expect(statSync(rotated.file).mode & 0o777).toBe(0o600);
    // The webhook token set by environment is untouched.
    expect(getAppContext().webhookTokens.bySource.generic).toBe("webhook-token-from-env-0123");
    // A restart reads the same file: the rotation outlives the process.
    resetAppContextForTests();
    expect(getAppContext().operatorToken).toBe(rotated.token);
  });

  it("with only some sources set by environment, rotates the token the others use", () => {
    startApp({ WEBHOOK_TOKEN_ALERTMANAGER: "alertmanager-token-from-env" });
    const rotated = rotateGeneratedToken({ kind: "webhook", by: "Ada Admin", log });
    expect(rotated.sources).toEqual(["grafana", "pagerduty", "datadog", "generic"]);
    expect(getAppContext().webhookTokens.bySource).toMatchObject({ alertmanager: "alertmanager-token-from-env", generic: rotated.token });
  });

  it("refuses tokens set by environment with a 409 naming the variable, and writes nothing", () => {
    startApp({ WEBHOOK_TOKEN: "webhook-token-from-env-0123", OPERATOR_TOKEN: "operator-token-from-env-0123" });
    const webhook = rotationError("webhook");
    expect(webhook.status).toBe(409);
    expect(webhook.message).toContain("WEBHOOK_TOKEN");
    const operator = rotationError("operator");
    expect(operator.status).toBe(409);
    expect(operator.message).toContain("OPERATOR_TOKEN");
    expect(getAppContext()).toMatchObject({ operatorToken: "operator-token-from-env-0123", webhookTokens: { generatedToken: null } });
    expect(readdirSync(dataDir).filter((name) => name.includes("token"))).toEqual([]);
    expect(logged).toEqual([]);
  });
});
