import "server-only";
import { getAppContext } from "../app-context";
import { appOrigins } from "./app-origins";
import { authorizeOperator } from "./authorize-operator";
import { getAuth } from "./get-auth";
import type { Operator } from "./operator";
import type { OperatorRole } from "./roles";

export type { Operator } from "./operator";

/**
 * The operator behind a route request, with at least `role` (viewer < responder < admin).
 * Accepts the session cookie (state-changing methods only from the app's own origin) or
 * `Authorization: Bearer <operator token>` (automation, acts as admin, id "operator-token").
 * Throws ApiError "unauthorized" (401) when not signed in, "forbidden" (403) when the role is
 * too low or the request is cross-site.
 *
 * @example
 * export const POST = withRoute(async (request) => {
 *   const operator = await requireOperator(request, "responder");
 *   ...record operator.name on the approval...
 * });
 */
export async function requireOperator(request: Request, role: OperatorRole): Promise<Operator> {
  const { env, operatorToken } = getAppContext();
  return authorizeOperator({ request, role, auth: getAuth(), operatorToken, allowedOrigins: appOrigins(env.publicUrl) });
}
