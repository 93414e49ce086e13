import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { getAuth, resetAuthForTests } from "@/lib/auth/get-auth";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { DELETE, PATCH } from "./[id]/route";
import { GET, POST } from "./route";

const ORIGIN = "http://localhost:3000";
const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, OPERATOR_TOKEN, PUBLIC_URL: ORIGIN, LOG_LEVEL: "error" });
  resetEnvCache();
  resetAppContextForTests();
  resetAuthForTests();
});
afterAll(async () => {
  resetAuthForTests();
  await disconnectDb();
  await test.cleanup();
});

function call(handler: typeof POST, options: { method: string; path?: string; body?: unknown; auth?: { bearer?: string; cookie?: string }; id?: string }) {
  const headers = new Headers({ origin: ORIGIN });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  if (options.auth?.bearer) headers.set("authorization", `Bearer ${options.auth.bearer}`);
  if (options.auth?.cookie) headers.set("cookie", options.auth.cookie);
  const request = new Request(`${ORIGIN}${options.path ?? "/api/admin/users"}`, {
    method: options.method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return handler(request, { params: Promise.resolve(options.id ? { id: options.id } : {}) });
}

async function signIn(email: string, password: string): Promise<string> {
  const response = await getAuth().handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, { method: "POST", headers: { "content-type": "application/json", origin: ORIGIN }, body: JSON.stringify({ email, password }) }),
  );
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

describe("/api/admin/users", () => {
  it("automation with the operator token creates operators; bad fields are named", async () => {
    const created = await call(POST, { method: "POST", auth: { bearer: OPERATOR_TOKEN }, body: { name: "Ada Admin", email: "ada@example.com", role: "admin", password: "ada's long password" } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: "Ada Admin", email: "ada@example.com", role: "admin", signInMethods: ["password"] });
    const invalid = await call(POST, { method: "POST", auth: { bearer: OPERATOR_TOKEN }, body: { name: "X", email: "x", role: "root", password: "1" } });
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(["email", "password", "role"]);
  });

  it("401 when signed out; 403 for a viewer; an admin's session lists, re-roles and removes", async () => {
    expect((await call(GET, { method: "GET" })).status).toBe(401);
    await call(POST, { method: "POST", auth: { bearer: OPERATOR_TOKEN }, body: { name: "Vera Viewer", email: "vera@example.com", role: "viewer", password: "vera's long password" } });
    const viewer = await signIn("vera@example.com", "vera's long password");
    const refused = await call(POST, { method: "POST", auth: { cookie: viewer }, body: { name: "Eve", email: "eve@example.com", role: "admin", password: "eve's long password" } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("forbidden");

    const admin = await signIn("ada@example.com", "ada's long password");
    const listed = (await (await call(GET, { method: "GET", auth: { cookie: admin } })).json()) as { items: { id: string; email: string }[] };
    const vera = listed.items.find((item) => item.email === "vera@example.com");
    expect(vera).toBeDefined();
    const promoted = await call(PATCH, { method: "PATCH", path: `/api/admin/users/${vera?.id}`, id: vera?.id, auth: { cookie: admin }, body: { role: "responder" } });
    expect(promoted.status).toBe(200);
    expect(await promoted.json()).toMatchObject({ role: "responder" });
    expect((await call(PATCH, { method: "PATCH", id: vera?.id, auth: { cookie: admin }, body: {} })).status).toBe(422);
    expect((await call(DELETE, { method: "DELETE", id: vera?.id, auth: { cookie: admin } })).status).toBe(204);
    expect((await call(GET, { method: "GET", auth: { cookie: viewer } })).status).toBe(401);
  });
});
