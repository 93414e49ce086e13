import "server-only";
import { getAppContext } from "../app-context";
import { loadOrCreateGeneratedToken } from "../webhooks/webhook-tokens";
import { createAuth, type Auth } from "./create-auth";

/** Where the generated session secret is kept when BETTER_AUTH_SECRET is not set. */
export const AUTH_SECRET_FILE = "auth-secret";

// On globalThis: Next.js bundles each route separately, and every bundle must share one
// instance (one rate limiter, one OIDC discovery) per process.
const globalForAuth = globalThis as unknown as { agenticSreAuth?: Auth };

/**
 * The process's better-auth instance, created on first use from the validated environment and
 * the app's database client. The session secret is BETTER_AUTH_SECRET, else one generated on
 * first start into the data directory (mode 0600) so sessions survive restarts.
 */
export function getAuth(): Auth {
  if (!globalForAuth.agenticSreAuth) {
    const { env, db } = getAppContext();
    globalForAuth.agenticSreAuth = createAuth({
      db,
      databaseProvider: env.databaseProvider,
      publicUrl: env.publicUrl,
      secret: env.auth.secret ?? loadOrCreateGeneratedToken(env.dataDir, AUTH_SECRET_FILE),
      auth: env.auth,
    });
  }
  return globalForAuth.agenticSreAuth;
}

/** Tests switch databases and settings between files; this drops the cached instance. */
export function resetAuthForTests(): void {
  globalForAuth.agenticSreAuth = undefined;
}
