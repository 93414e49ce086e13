import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, genericOAuth } from "better-auth/plugins";
import { createAccessControl } from "better-auth/plugins/access";
import { defaultStatements } from "better-auth/plugins/admin/access";
import type { Db } from "../db/client";
import type { DatabaseProvider, AuthEnv } from "../env";
import { appOrigins, servedOverTls } from "./app-origins";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

/** better-auth's routes live under this path (app/api/auth/[...all]/route.ts). */
export const AUTH_BASE_PATH = "/api/auth";

/** The provider id of OIDC single sign-on; register `${PUBLIC_URL}/api/auth/callback/oidc` as its redirect URI at the identity provider. */
export const OIDC_PROVIDER_ID = "oidc";

/** Prefix of the session cookie names (`agentic-sre.session_token`, `__Secure-` added behind TLS). */
export const AUTH_COOKIE_PREFIX = "agentic-sre";

/** A session lasts a week and is extended at most once a day while the operator keeps using it. */
const SESSION_EXPIRES_IN_SECONDS = 7 * 24 * 60 * 60;
const SESSION_UPDATE_AGE_SECONDS = 24 * 60 * 60;

/**
 * better-auth's admin plugin checks its own endpoints (/api/auth/admin/*) with these statements.
 * Viewers and responders manage nobody; admins manage users and sessions but cannot impersonate,
 * because an impersonated approval would record the wrong operator.
 */
const accessControl = createAccessControl(defaultStatements);
const ROLE_PERMISSIONS = {
  viewer: accessControl.newRole({ user: [], session: [] }),
  responder: accessControl.newRole({ user: [], session: [] }),
  admin: accessControl.newRole({
    user: ["create", "list", "set-role", "ban", "delete", "set-password", "set-email", "get", "update"],
    session: ["list", "revoke", "delete"],
  }),
};

export interface CreateAuthOptions {
  db: Db;
  databaseProvider: DatabaseProvider;
  /** PUBLIC_URL: better-auth's base URL, trusted origin and cookie `Secure` switch. */
  publicUrl: string;
  /** BETTER_AUTH_SECRET or the generated one; signs cookies and encrypts OAuth state. */
  secret: string;
  auth: AuthEnv;
}

/**
 * The better-auth instance: local email + password accounts (sign-up closed: admins create
 * operators), roles viewer < responder < admin stored on the user by the admin plugin, and
 * OIDC single sign-on through the generic OAuth plugin when configured.
 */
export function createAuth(options: CreateAuthOptions) {
  const secure = servedOverTls(options.publicUrl);
  const oidc = options.auth.oidc;
  return betterAuth({
    appName: "Agentic SRE",
    baseURL: options.publicUrl,
    basePath: AUTH_BASE_PATH,
    secret: options.secret,
    database: prismaAdapter(options.db, { provider: options.databaseProvider, transaction: true }),
    trustedOrigins: appOrigins(options.publicUrl),
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      autoSignIn: false,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    // No cookie cache: every request reads the session and the user's role from the database,
    // so a role change or a removed operator takes effect on the next request.
    session: { expiresIn: SESSION_EXPIRES_IN_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    advanced: {
      cookiePrefix: AUTH_COOKIE_PREFIX,
      useSecureCookies: secure,
      // better-auth turns its origin checks off when NODE_ENV=test; they stay on everywhere here.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure, path: "/" },
    },
    // The default (3 sign-ins per 10 s) trips over a team signing in together behind one proxy;
    // 30 a minute per address still makes guessing a 12-character password hopeless.
    rateLimit: { customRules: { "/sign-in/email": { window: 60, max: 30 } } },
    // Self-hosted and often offline: nothing is sent anywhere.
    telemetry: { enabled: false },
    plugins: [
      admin({
        ac: accessControl,
        roles: ROLE_PERMISSIONS,
        adminRoles: ["admin"],
        // Users created without a role are OIDC sign-ins (admins always choose a role, the
        // first admin is "admin"), so the default role is OIDC's.
        defaultRole: oidc?.defaultRole ?? "viewer",
      }),
      ...(oidc
        ? [
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: oidc.providerName,
                  discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
                  clientId: oidc.clientId,
                  clientSecret: oidc.clientSecret,
                  scopes: ["openid", "email", "profile"],
                  pkce: true,
                  // The ID token must verify against the issuer's JWKS; no silent downgrade.
                  requireIdTokenVerification: true,
                  mapProfileToUser: (profile) => ({
                    name: readableName(profile),
                  }),
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

/** The app's better-auth instance type. */
export type Auth = ReturnType<typeof createAuth>;

/** Operators' names appear in timelines and postmortems: never leave one blank. */
function readableName(profile: Record<string, unknown>): string {
  for (const key of ["name", "preferred_username", "email", "sub"]) {
    const value = profile[key];
    if (typeof value === "string" && value.trim()) return value.trim();
  }
  return "SSO operator";
}
