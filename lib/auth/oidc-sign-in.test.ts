import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { appOrigins } from "./app-origins";
import { authorizeOperator } from "./authorize-operator";
import { createAuth, type Auth } from "./create-auth";

const PUBLIC_URL = "http://localhost:3000";
const CLIENT_ID = "agentic-sre";
const CLIENT_SECRET = "fake-oidc-client-secret";

interface PendingCode {
  nonce: string | null;
  redirectUri: string;
  codeChallenge: string | null;
  subject: string;
}

/**
 * A tiny OpenID Connect provider: discovery, authorize (signs the configured user in at once),
 * token (checks the client secret, redirect URI and PKCE verifier; returns an RS256 ID token
 * carrying the nonce), userinfo and JWKS. Enough to run better-auth's whole code flow for real.
 */
class FakeOidcProvider {
  readonly server: Server;
  issuer = "";
  private readonly keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, string>();
  readonly users = new Map<string, { email: string; name: string }>();
  currentSubject = "";
  tokenRequests = 0;

  constructor() {
    this.server = createServer((request, response) => {
      void this.route(request).then(
        ({ status, body, headers }) => {
          response.writeHead(status, { "content-type": "application/json", ...headers });
          response.end(body === undefined ? "" : JSON.stringify(body));
        },
        (error: unknown) => {
          response.writeHead(500, { "content-type": "application/json" });
          response.end(JSON.stringify({ error: String(error) }));
        },
      );
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private idToken(subject: string, nonce: string | null): string {
    const now = Math.floor(Date.now() / 1000);
    const user = this.users.get(subject);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const header = encode({ alg: "RS256", typ: "JWT", kid: "test-key" });
    const payload = encode({
      iss: this.issuer,
      aud: CLIENT_ID,
      sub: subject,
      iat: now,
      exp: now + 300,
      ...(nonce ? { nonce } : {}),
      email: user?.email,
      email_verified: true,
      name: user?.name,
    });
    const signature = sign("sha256", Buffer.from(`${header}.${payload}`), this.keys.privateKey as KeyObject).toString("base64url");
    return `${header}.${payload}.${signature}`;
  }

  private async route(request: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const url = new URL(request.url ?? "/", this.issuer);
    if (url.pathname === "/.well-known/openid-configuration") {
      return {
        status: 200,
        body: {
          issuer: this.issuer,
          authorization_endpoint: `${this.issuer}/authorize`,
          token_endpoint: `${this.issuer}/token`,
          userinfo_endpoint: `${this.issuer}/userinfo`,
          jwks_uri: `${this.issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
        },
      };
    }
    if (url.pathname === "/jwks") {
      const jwk = this.keys.publicKey.export({ format: "jwk" });
      return { status: 200, body: { keys: [{ ...jwk, kid: "test-key", alg: "RS256", use: "sig" }] } };
    }
    if (url.pathname === "/authorize") {
      if (url.searchParams.get("client_id") !== CLIENT_ID) return { status: 400, body: { error: "invalid_client" } };
      const code = randomBytes(16).toString("hex");
      const redirectUri = String(url.searchParams.get("redirect_uri"));
      this.codes.set(code, {
        nonce: url.searchParams.get("nonce"),
        redirectUri,
        codeChallenge: url.searchParams.get("code_challenge"),
        subject: this.currentSubject,
      });
      const back = new URL(redirectUri);
      back.searchParams.set("code", code);
      back.searchParams.set("state", String(url.searchParams.get("state")));
      return { status: 302, headers: { location: back.toString() } };
    }
    if (url.pathname === "/token" && request.method === "POST") {
      this.tokenRequests += 1;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const basic = request.headers.authorization?.match(/^Basic (.+)$/)?.[1];
      const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [];
      const clientId = form.get("client_id") ?? basicId;
      const clientSecret = form.get("client_secret") ?? basicSecret;
      if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) return { status: 401, body: { error: "invalid_client" } };
      const pending = this.codes.get(String(form.get("code")));
      this.codes.delete(String(form.get("code")));
      if (!pending || pending.redirectUri !== form.get("redirect_uri")) return { status: 400, body: { error: "invalid_grant" } };
      const verifier = form.get("code_verifier") ?? "";
      if (pending.codeChallenge && createHash("sha256").update(verifier).digest("base64url") !== pending.codeChallenge) {
        return { status: 400, body: { error: "invalid_grant", error_description: "PKCE verifier mismatch" } };
      }
      const accessToken = randomBytes(16).toString("hex");
      this.accessTokens.set(accessToken, pending.subject);
      return {
        status: 200,
        body: { access_token: accessToken, token_type: "Bearer", expires_in: 3600, id_token: this.idToken(pending.subject, pending.nonce), scope: "openid email profile" },
      };
    }
    if (url.pathname === "/userinfo") {
      const subject = this.accessTokens.get(request.headers.authorization?.replace(/^Bearer /, "") ?? "");
      if (!subject) return { status: 401, body: { error: "invalid_token" } };
      const user = this.users.get(subject);
      return { status: 200, body: { sub: subject, email: user?.email, email_verified: true, name: user?.name } };
    }
    return { status: 404, body: { error: "not_found" } };
  }
}

let test: TestDatabase;
let provider: FakeOidcProvider;
let auth: Auth;

function cookieHeader(response: Response, previous = ""): string {
  const jar = new Map(previous ? previous.split("; ").map((pair) => [pair.split("=")[0], pair] as const) : []);
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    jar.set(pair.split("=")[0] ?? "", pair);
  }
  return [...jar.values()].join("; ");
}

/** The browser's part of the code flow: start at the app, follow the provider's redirect, land on the callback. */
async function signInThroughProvider(subject: string): Promise<{ callback: Response; cookie: string }> {
  provider.currentSubject = subject;
  const start = await auth.handler(
    new Request(`${PUBLIC_URL}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: PUBLIC_URL },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/incidents", errorCallbackURL: "/login" }),
    }),
  );
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  expect(url.startsWith(`${provider.issuer}/authorize?`)).toBe(true);
  const authorize = await fetch(url, { redirect: "manual" });
  const callbackUrl = String(authorize.headers.get("location"));
  expect(callbackUrl.startsWith(`${PUBLIC_URL}/api/auth/callback/oidc?`)).toBe(true);
  const stateCookie = cookieHeader(start);
  const callback = await auth.handler(new Request(callbackUrl, { headers: { cookie: stateCookie } }));
  return { callback, cookie: cookieHeader(callback, stateCookie) };
}

beforeAll(async () => {
  test = await createTestDatabase();
  provider = new FakeOidcProvider();
  await provider.start();
  provider.users.set("u-olivia", { email: "olivia@example.com", name: "Olivia Oncall" });
  auth = createAuth({
    db: test.db,
    databaseProvider: "sqlite",
    publicUrl: PUBLIC_URL,
    secret: "test-secret-0123456789abcdef0123456789abcdef",
    auth: {
      secret: undefined,
      firstAdmin: { email: "first@example.com", password: undefined },
      oidc: { issuer: provider.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, defaultRole: "responder", providerName: "Fake IdP" },
    },
  });
});
afterAll(async () => {
  await new Promise((resolve) => provider.server.close(resolve));
  await test.cleanup();
});

describe("OIDC single sign-on", () => {
  it("signs a new operator in through discovery, authorize, token (PKCE + verified ID token) and userinfo, with OIDC_DEFAULT_ROLE", async () => {
    const { callback, cookie } = await signInThroughProvider("u-olivia");
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/incidents");
    expect(provider.tokenRequests).toBe(1);
    const operator = await authorizeOperator({
      request: new Request(`${PUBLIC_URL}/api/incidents`, { headers: { cookie } }),
      role: "responder",
      auth,
      operatorToken: "unused-operator-token-0123456789",
      allowedOrigins: appOrigins(PUBLIC_URL),
    });
    expect(operator).toMatchObject({ name: "Olivia Oncall", email: "olivia@example.com", role: "responder", via: "session" });
    const accounts = await test.db.account.findMany({ where: { userId: operator.id } });
    expect(accounts.map((account) => account.providerId)).toEqual(["oidc"]);
  });

  it("keeps the role an admin gave on the next sign-in (the provider does not reset it)", async () => {
    await test.db.user.update({ where: { email: "olivia@example.com" }, data: { role: "viewer" } });
    const { cookie } = await signInThroughProvider("u-olivia");
    const operator = await authorizeOperator({
      request: new Request(`${PUBLIC_URL}/api/incidents`, { headers: { cookie } }),
      role: "viewer",
      auth,
      operatorToken: "unused-operator-token-0123456789",
      allowedOrigins: appOrigins(PUBLIC_URL),
    });
    expect(operator.role).toBe("viewer");
    expect(await test.db.user.count({ where: { email: "olivia@example.com" } })).toBe(1);
  });

  it("a callback with a forged state is refused and signs nobody in", async () => {
    const forged = await auth.handler(new Request(`${PUBLIC_URL}/api/auth/callback/oidc?code=abc&state=forged`));
    expect(forged.status).toBe(302);
    expect(forged.headers.get("location")).toMatch(/error=/);
    expect(forged.headers.getSetCookie().some((line) => line.includes("session_token=") && !/Max-Age=0/i.test(line))).toBe(false);
  });
});
