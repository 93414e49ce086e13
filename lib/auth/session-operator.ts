import "server-only";
import type { Auth } from "./create-auth";
import { operatorFromSessionUser, type Operator } from "./operator";

export interface SessionOperatorOptions {
  auth: Auth;
  /** The request's headers; only the session cookie is read. */
  headers: Headers;
}

/**
 * The operator whose session cookie these headers carry, or null (no cookie, expired, revoked,
 * user removed). The session is not extended here: route handlers and server components cannot
 * send the refreshed cookie back, and extending only the database copy would leave the browser's
 * cookie to expire first. Page navigations refresh it in proxy.ts.
 */
export async function getSessionOperator(options: SessionOperatorOptions): Promise<Operator | null> {
  const session = await options.auth.api.getSession({ headers: options.headers, query: { disableRefresh: true } });
  return session ? operatorFromSessionUser(session.user) : null;
}
