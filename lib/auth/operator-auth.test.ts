import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../http/api-error";
import type { Logger } from "../log";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { appOrigins } from "./app-origins";
import { authorizeOperator } from "./authorize-operator";
import { createAuth, type Auth } from "./create-auth";
import { ensureFirstAdmin } from "./ensure-first-admin";
import { OPERATOR_TOKEN_IDENTITY, type Operator } from "./operator";
import { createOperator, createOperatorInputSchema, listOperators, parseOperatorInput, removeOperator, updateOperator } from "./operator-accounts";
import type { OperatorRole } from "./roles";

const PUBLIC_URL = "http://localhost:3000";
const OPERATOR_TOKEN = "operator-token-0123456789abcdef";
const PASSWORD = "correct horse battery";

let test: TestDatabase;
let auth: Auth;

function recordingLog(): Logger & { lines: { level: string; event: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  const logger = {
    lines,
    debug: (event: string, fields?: Record<string, unknown>) => lines.push({ level: "debug", event, fields }),
    info: (event: string, fields?: Record<string, unknown>) => lines.push({ level: "info", event, fields }),
    warn: (event: string, fields?: Record<string, unknown>) => lines.push({ level: "warn", event, fields }),
    error: (event: string, fields?: Record<string, unknown>) => lines.push({ level: "error", event, fields }),
    child: () => logger,
  };
  return logger;
}

/** Signs in through better-auth's HTTP handler, as the login page does; returns the Cookie header to send. */
async function signIn(email: string, password: string): Promise<{ status: number; cookie: string; setCookie: string }> {
  const response = await auth.handler(
    new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL },
      body: JSON.stringify({ email, password }),
    }),
  );
  const setCookie = response.headers.getSetCookie().join("\n");
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return { status: response.status, cookie, setCookie };
}

function routeRequest(options: { method?: string; cookie?: string; origin?: string | null; bearer?: string; secFetchSite?: string }): Request {
  const headers = new Headers();
  if (options.cookie) headers.set("cookie", options.cookie);
  if (options.origin) headers.set("origin", options.origin);
  if (options.bearer) headers.set("authorization", `Bearer ${options.bearer}`);
  if (options.secFetchSite) headers.set("sec-fetch-site", options.secFetchSite);
  return new Request(`${PUBLIC_URL}/api/incidents/x/approval`, { method: options.method ?? "POST", headers });
}

function authorize(request: Request, role: OperatorRole): Promise<Operator> {
  return authorizeOperator({ request, role, auth, operatorToken: OPERATOR_TOKEN, allowedOrigins: appOrigins(PUBLIC_URL) });
}

async function apiErrorOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return { status: (error as ApiError).status, message: (error as ApiError).message };
}

const ADMIN_ACTOR: Operator = OPERATOR_TOKEN_IDENTITY;
const cookies: Partial<Record<OperatorRole, string>> = {};

beforeAll(async () => {
  test = await createTestDatabase();
  auth = createAuth({
    db: test.db,
    databaseProvider: "sqlite",
    publicUrl: PUBLIC_URL,
    secret: "test-secret-0123456789abcdef0123456789abcdef",
    auth: { secret: undefined, firstAdmin: { email: "first@example.com", password: undefined }, oidc: null },
  });
});
afterAll(async () => {
  await test.cleanup();
});

describe("first admin", () => {
  it("on an empty database, creates an admin with a generated password, printed once, and it signs in", async () => {
    const log = recordingLog();
    const result = await ensureFirstAdmin({ auth, db: test.db, firstAdmin: { email: "first@example.com", password: undefined }, log });
    expect(result).toEqual({ created: true, email: "first@example.com", passwordSource: "generated" });
    const line = log.lines.find((entry) => entry.event === "auth.first_admin_created");
    expect(line?.level).toBe("warn");
    const password = String(line?.fields?.password);
    expect(password.length).toBeGreaterThanOrEqual(20);
    const user = await test.db.user.findUniqueOrThrow({ where: { email: "first@example.com" }, include: { accounts: true } });
    expect(user.role).toBe("admin");
    // better-auth stored a hash, not the password.
    expect(user.accounts[0]?.password).not.toContain(password);
    const session = await signIn("first@example.com", password);
    expect(session.status).toBe(200);
    cookies.admin = session.cookie;

    const again = recordingLog();
    expect(await ensureFirstAdmin({ auth, db: test.db, firstAdmin: { email: "first@example.com", password: undefined }, log: again })).toEqual({
      created: false,
    });
    expect(again.lines).toEqual([]);
  });

  it("takes ADMIN_EMAIL and ADMIN_PASSWORD when set, and does not print the password", async () => {
    const other = await createTestDatabase();
    try {
      const otherAuth = createAuth({
        db: other.db,
        databaseProvider: "sqlite",
        publicUrl: PUBLIC_URL,
        secret: "test-secret-0123456789abcdef0123456789abcdef",
        auth: { secret: undefined, firstAdmin: { email: "ops@example.com", password: "from-the-environment" }, oidc: null },
      });
      const log = recordingLog();
      const result = await ensureFirstAdmin({ auth: otherAuth, db: other.db, firstAdmin: { email: "ops@example.com", password: "from-the-environment" }, log });
      expect(result).toEqual({ created: true, email: "ops@example.com", passwordSource: "environment" });
      expect(JSON.stringify(log.lines)).not.toContain("from-the-environment");
      const response = await otherAuth.api.signInEmail({ body: { email: "ops@example.com", password: "from-the-environment" } });
      expect(response.user.email).toBe("ops@example.com");
    } finally {
      await other.cleanup();
    }
  });
});

describe("sign-in", () => {
  it("sets an HttpOnly, SameSite=Lax session cookie (Secure only behind https)", async () => {
    await createOperator({ auth, db: test.db, input: { name: "Rita Responder", email: "rita@example.com", role: "responder", password: PASSWORD } });
    const session = await signIn("rita@example.com", PASSWORD);
    expect(session.status).toBe(200);
    expect(session.setCookie).toMatch(/agentic-sre\.session_token=/);
    expect(session.setCookie).toMatch(/HttpOnly/i);
    expect(session.setCookie).toMatch(/SameSite=Lax/i);
    expect(session.setCookie).not.toMatch(/;\s*Secure/i);
    cookies.responder = session.cookie;

    const tlsAuth = createAuth({
      db: test.db,
      databaseProvider: "sqlite",
      publicUrl: "https://sre.example.com",
      secret: "test-secret-0123456789abcdef0123456789abcdef",
      auth: { secret: undefined, firstAdmin: { email: "first@example.com", password: undefined }, oidc: null },
    });
    const tls = await tlsAuth.handler(
      new Request("https://sre.example.com/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://sre.example.com" },
        body: JSON.stringify({ email: "rita@example.com", password: PASSWORD }),
      }),
    );
    const tlsCookie = tls.headers.getSetCookie().join("\n");
    expect(tlsCookie).toMatch(/__Secure-agentic-sre\.session_token=/);
    expect(tlsCookie).toMatch(/;\s*Secure/i);
  });

  it("refuses a wrong password and a sign-in from another site", async () => {
    expect((await signIn("rita@example.com", "not the password!")).status).toBe(401);
    const crossSite = await auth.handler(
      new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: JSON.stringify({ email: "rita@example.com", password: PASSWORD }),
      }),
    );
    expect(crossSite.status).toBe(403);
  });

  it("is closed to the public: sign-up is refused and creates nobody", async () => {
    const response = await auth.handler(
      new Request(`${PUBLIC_URL}/api/auth/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: PUBLIC_URL },
        body: JSON.stringify({ email: "mallory@example.com", password: PASSWORD, name: "Mallory" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await test.db.user.count({ where: { email: "mallory@example.com" } })).toBe(0);
  });

  it("a session cookie resolves to the operator, with a readable name and the role", async () => {
    const operator = await authorize(routeRequest({ method: "GET", cookie: cookies.responder }), "viewer");
    expect(operator).toMatchObject({ name: "Rita Responder", email: "rita@example.com", role: "responder", via: "session" });
  });

  it("sign-out ends the session", async () => {
    const { cookie } = await signIn("rita@example.com", PASSWORD);
    await authorize(routeRequest({ method: "GET", cookie }), "viewer");
    const out = await auth.handler(new Request(`${PUBLIC_URL}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: PUBLIC_URL } }));
    expect(out.status).toBe(200);
    expect((await apiErrorOf(authorize(routeRequest({ method: "GET", cookie }), "viewer"))).status).toBe(401);
  });
});

describe("requireOperator's checks", () => {
  beforeAll(async () => {
    await createOperator({ auth, db: test.db, input: { name: "Vic Viewer", email: "vic@example.com", role: "viewer", password: PASSWORD } });
    cookies.viewer = (await signIn("vic@example.com", PASSWORD)).cookie;
  });

  it("401 without a session, with a forged cookie, or with a wrong bearer token", async () => {
    expect(await apiErrorOf(authorize(routeRequest({ origin: PUBLIC_URL }), "viewer"))).toMatchObject({ status: 401, message: expect.stringContaining("/login") });
    expect((await apiErrorOf(authorize(routeRequest({ origin: PUBLIC_URL, cookie: "agentic-sre.session_token=forged.value" }), "viewer"))).status).toBe(401);
    expect((await apiErrorOf(authorize(routeRequest({ bearer: "wrong-token-0123456789" }), "viewer"))).status).toBe(401);
  });

  it.each([
    ["viewer", "viewer", "ok"],
    ["viewer", "responder", 403],
    ["viewer", "admin", 403],
    ["responder", "viewer", "ok"],
    ["responder", "responder", "ok"],
    ["responder", "admin", 403],
    ["admin", "viewer", "ok"],
    ["admin", "responder", "ok"],
    ["admin", "admin", "ok"],
  ] as const)("a %s asking for %s: %s", async (holder, required, expected) => {
    const request = routeRequest({ cookie: cookies[holder], origin: PUBLIC_URL });
    if (expected === "ok") {
      expect((await authorize(request, required)).role).toBe(holder);
    } else {
      expect(await apiErrorOf(authorize(request, required))).toMatchObject({ status: 403, message: expect.stringContaining(`needs the ${required} role`) });
    }
  });

  it("the operator bearer token is automation acting as admin", async () => {
    expect(await authorize(routeRequest({ bearer: OPERATOR_TOKEN }), "admin")).toEqual({
      id: "operator-token",
      name: "operator token (automation)",
      email: null,
      role: "admin",
      via: "token",
    });
  });

  it("refuses a cookie-authenticated change from another origin (CSRF), with the reason", async () => {
    const crossSite = await apiErrorOf(authorize(routeRequest({ cookie: cookies.admin, origin: "https://evil.example" }), "viewer"));
    expect(crossSite).toMatchObject({ status: 403, message: expect.stringContaining("cross-site request refused") });
    expect((await apiErrorOf(authorize(routeRequest({ cookie: cookies.admin }), "viewer"))).status).toBe(403);
    expect((await apiErrorOf(authorize(routeRequest({ cookie: cookies.admin, secFetchSite: "cross-site" }), "viewer"))).status).toBe(403);
    // Same origin by header, by a loopback alias of PUBLIC_URL, or by fetch metadata: accepted.
    expect((await authorize(routeRequest({ cookie: cookies.admin, origin: "http://127.0.0.1:3000" }), "admin")).role).toBe("admin");
    expect((await authorize(routeRequest({ cookie: cookies.admin, secFetchSite: "same-origin" }), "admin")).role).toBe("admin");
    // Reads carry no CSRF risk.
    expect((await authorize(routeRequest({ method: "GET", cookie: cookies.admin, origin: "https://evil.example" }), "admin")).role).toBe("admin");
  });
});

describe("managing operators", () => {
  it("validates the new account's fields by name", () => {
    let error: unknown;
    try {
      parseOperatorInput(createOperatorInputSchema, { name: " ", email: "not-an-email", role: "owner", password: "short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    const paths = (error as ApiError).issues?.map((issue) => issue.path).sort();
    expect(paths).toEqual(["email", "name", "password", "role"]);
  });

  it("lists operators with their role and how they sign in; a duplicate email is a conflict", async () => {
    const listed = await listOperators({ db: test.db });
    expect(listed.map((account) => [account.email, account.role, account.signInMethods])).toEqual([
      ["first@example.com", "admin", ["password"]],
      ["rita@example.com", "responder", ["password"]],
      ["vic@example.com", "viewer", ["password"]],
    ]);
    const duplicate = await apiErrorOf(
      createOperator({ auth, db: test.db, input: { name: "Rita Again", email: "rita@example.com", role: "viewer", password: PASSWORD } }),
    );
    expect(duplicate).toMatchObject({ status: 409, message: expect.stringContaining("already exists") });
  });

  it("a role change applies to the operator's next request", async () => {
    const vic = (await listOperators({ db: test.db })).find((account) => account.email === "vic@example.com");
    await updateOperator({ auth, db: test.db, userId: String(vic?.id), input: { role: "responder" }, actor: ADMIN_ACTOR });
    expect((await authorize(routeRequest({ cookie: cookies.viewer, origin: PUBLIC_URL }), "responder")).role).toBe("responder");
    await updateOperator({ auth, db: test.db, userId: String(vic?.id), input: { role: "viewer" }, actor: ADMIN_ACTOR });
    expect((await apiErrorOf(authorize(routeRequest({ cookie: cookies.viewer, origin: PUBLIC_URL }), "responder"))).status).toBe(403);
  });

  it("a new password ends the operator's sessions and the new one signs in", async () => {
    const vic = (await listOperators({ db: test.db })).find((account) => account.email === "vic@example.com");
    await updateOperator({ auth, db: test.db, userId: String(vic?.id), input: { password: "a brand new passphrase" }, actor: ADMIN_ACTOR });
    expect((await apiErrorOf(authorize(routeRequest({ method: "GET", cookie: cookies.viewer }), "viewer"))).status).toBe(401);
    expect((await signIn("vic@example.com", PASSWORD)).status).toBe(401);
    const fresh = await signIn("vic@example.com", "a brand new passphrase");
    expect(fresh.status).toBe(200);
    cookies.viewer = fresh.cookie;
  });

  it("the last admin can be neither demoted nor removed, and nobody removes themselves", async () => {
    const first = (await listOperators({ db: test.db })).find((account) => account.email === "first@example.com");
    const firstId = String(first?.id);
    expect(await apiErrorOf(updateOperator({ auth, db: test.db, userId: firstId, input: { role: "viewer" }, actor: ADMIN_ACTOR }))).toMatchObject({
      status: 409,
      message: expect.stringContaining("last admin"),
    });
    expect((await apiErrorOf(removeOperator({ db: test.db, userId: firstId, actor: ADMIN_ACTOR }))).status).toBe(409);
    const self = await authorize(routeRequest({ cookie: cookies.admin, origin: PUBLIC_URL }), "admin");
    expect(await apiErrorOf(removeOperator({ db: test.db, userId: firstId, actor: self }))).toMatchObject({ status: 409, message: expect.stringContaining("your own") });
    expect((await apiErrorOf(removeOperator({ db: test.db, userId: "no-such-user", actor: ADMIN_ACTOR }))).status).toBe(404);
  });

  it("removing an operator ends their sessions", async () => {
    const rita = (await listOperators({ db: test.db })).find((account) => account.email === "rita@example.com");
    await removeOperator({ db: test.db, userId: String(rita?.id), actor: ADMIN_ACTOR });
    expect((await apiErrorOf(authorize(routeRequest({ method: "GET", cookie: cookies.responder }), "viewer"))).status).toBe(401);
    expect((await listOperators({ db: test.db })).map((account) => account.email)).not.toContain("rita@example.com");
  });
});
