import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAppContext, resetAppContextForTests } from "@/lib/app-context";
import { resetAuthForTests } from "@/lib/auth/get-auth";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { POST } from "./route";

const ORIGIN = "http://localhost:3000";
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  // No OPERATOR_TOKEN / WEBHOOK_TOKEN: both are generated into the data directory, so both can rotate.
  delete process.env.OPERATOR_TOKEN;
  delete process.env.WEBHOOK_TOKEN;
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, PUBLIC_URL: ORIGIN, LOG_LEVEL: "error", SIM_ENABLED: "false" });
  resetEnvCache();
  resetAppContextForTests();
  resetAuthForTests();
});
afterAll(async () => {
  resetAuthForTests();
  await disconnectDb();
  await test.cleanup();
});

function rotate(kind: string, bearer: string | null) {
  const headers = new Headers({ origin: ORIGIN });
  if (bearer) headers.set("authorization", `Bearer ${bearer}`);
  return POST(new Request(`${ORIGIN}/api/admin/tokens/${kind}/rotate`, { method: "POST", headers }), { params: Promise.resolve({ kind }) });
}

describe("POST /api/admin/tokens/{kind}/rotate", () => {
  it("401 without a token; 404 for an unknown kind", async () => {
    const before = getAppContext().operatorToken;
    expect((await rotate("webhook", null)).status).toBe(401);
    const unknown = await rotate("auth-secret", before);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toContain("expected one of webhook, operator");
    expect(getAppContext().operatorToken).toBe(before);
  });

  it("rotates the operator token: the new one is returned once, stored, and the old one stops working at once", async () => {
    const old = getAppContext().operatorToken;
    const response = await rotate("operator", old);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const rotated = (await response.json()) as { kind: string; token: string; file: string };
    expect(rotated.kind).toBe("operator");
    expect(rotated.token).not.toBe(old);
    expect(readFileSync(path.join(test.dataDir, "operator-token"), "utf8").trim()).toBe(rotated.token);

    expect((await rotate("webhook", old)).status).toBe(401);
    const webhookOld = getAppContext().webhookTokens.generatedToken;
    const webhook = await rotate("webhook", rotated.token);
    expect(webhook.status).toBe(200);
    const webhookRotated = (await webhook.json()) as { token: string; sources: string[] };
    expect(webhookRotated.token).not.toBe(webhookOld);
    expect(webhookRotated.sources).toHaveLength(5);
    expect(getAppContext().webhookTokens.bySource.alertmanager).toBe(webhookRotated.token);
  });
});
