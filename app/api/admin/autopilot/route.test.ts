import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { resetAuthForTests } from "@/lib/auth/get-auth";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { DELETE, PUT } from "./[namespace]/route";
import { GET } from "./route";

const ORIGIN = "http://localhost:3000";
const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: test.databaseUrl,
    DATA_DIR: test.dataDir,
    OPERATOR_TOKEN,
    WEBHOOK_TOKEN: "webhook-token-0123456789",
    PUBLIC_URL: ORIGIN,
    LOG_LEVEL: "error",
    SIM_ENABLED: "false",
    AUTOPILOT: '{"shop":"low"}',
  });
  resetEnvCache();
  resetAppContextForTests();
  resetAuthForTests();
});
afterAll(async () => {
  delete process.env.AUTOPILOT;
  resetAuthForTests();
  await disconnectDb();
  await test.cleanup();
});

function call(handler: typeof GET, options: { method: string; namespace?: string; body?: string; bearer?: string | null }) {
  const headers = new Headers({ origin: ORIGIN });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const bearer = options.bearer === undefined ? OPERATOR_TOKEN : options.bearer;
  if (bearer) headers.set("authorization", `Bearer ${bearer}`);
  const path = options.namespace === undefined ? "/api/admin/autopilot" : `/api/admin/autopilot/${options.namespace}`;
  return handler(new Request(`${ORIGIN}${path}`, { method: options.method, headers, body: options.body }), {
    params: Promise.resolve(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
}

async function listed(): Promise<{ namespace: string; maxRisk: string; source: string; updatedBy: string | null }[]> {
  const response = await call(GET, { method: "GET" });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { namespace: string; maxRisk: string; source: string; updatedBy: string | null }[] }).items;
}

describe("/api/admin/autopilot", () => {
  it("401 without a token, before anything is read or written", async () => {
    expect((await call(GET, { method: "GET", bearer: null })).status).toBe(401);
    expect((await call(PUT, { method: "PUT", namespace: "staging", body: '{"maxRisk":"high"}', bearer: null })).status).toBe(401);
    expect((await call(DELETE, { method: "DELETE", namespace: "shop", bearer: null })).status).toBe(401);
    expect((await call(GET, { method: "GET", bearer: "not-the-operator-token" })).status).toBe(401);
    expect(await test.db.autopilotPolicy.count()).toBe(0);
  });

  it("lists the default, sets a policy over it, overrides the default with off, and removes back to it", async () => {
    expect(await listed()).toEqual([expect.objectContaining({ namespace: "shop", maxRisk: "low", source: "env" })]);

    const staging = await call(PUT, { method: "PUT", namespace: "staging", body: '{"maxRisk":"medium"}' });
    expect(staging.status).toBe(200);
    expect(await staging.json()).toMatchObject({ namespace: "staging", maxRisk: "medium", updatedBy: "operator token (automation)" });
    expect((await call(PUT, { method: "PUT", namespace: "shop", body: '{"maxRisk":"off"}' })).status).toBe(200);
    expect((await listed()).map(({ namespace, maxRisk, source }) => [namespace, maxRisk, source])).toEqual([
      ["shop", "off", "db"],
      ["staging", "medium", "db"],
    ]);

    expect((await call(DELETE, { method: "DELETE", namespace: "shop" })).status).toBe(204);
    expect((await listed()).find((policy) => policy.namespace === "shop")).toMatchObject({ maxRisk: "low", source: "env" });
    const again = await call(DELETE, { method: "DELETE", namespace: "shop" });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain("no autopilot policy is stored for namespace shop");
  });

  it("names the bad field: 422 for a namespace or a risk, 400 for a body that is not JSON", async () => {
    const badRisk = await call(PUT, { method: "PUT", namespace: "staging", body: '{"maxRisk":"critical"}' });
    expect(badRisk.status).toBe(422);
    expect(((await badRisk.json()) as { error: { issues: unknown[] } }).error.issues).toEqual([{ path: "maxRisk", message: "expected one of off, low, medium, high" }]);

    const badNamespace = await call(PUT, { method: "PUT", namespace: "Not_A_Label", body: '{"maxRisk":"low"}' });
    expect(badNamespace.status).toBe(422);
    expect(((await badNamespace.json()) as { error: { issues: { path: string }[] } }).error.issues.map((issue) => issue.path)).toEqual(["namespace"]);

    const notJson = await call(PUT, { method: "PUT", namespace: "staging", body: "maxRisk=low" });
    expect(notJson.status).toBe(400);
    expect((await call(DELETE, { method: "DELETE", namespace: "-bad-" })).status).toBe(422);
  });
});
