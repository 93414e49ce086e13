import "server-only";
import { ApiError } from "../http/api-error";
import { tokensMatch } from "../webhooks/verify-token";
import type { Auth } from "./create-auth";
import { OPERATOR_TOKEN_IDENTITY, type Operator } from "./operator";
import { roleAllows, type OperatorRole } from "./roles";
import { crossSiteRefusal } from "./same-origin";
import { getSessionOperator } from "./session-operator";

export interface AuthorizeOperatorOptions {
  request: Request;
  /** The lowest role allowed. */
  role: OperatorRole;
  auth: Auth;
  /** The operator token (OPERATOR_TOKEN or the generated one). */
  operatorToken: string;
  /** The app's own origins, for the CSRF check of cookie-authenticated requests. */
  allowedOrigins: readonly string[];
}

/**
 * Who is making this request, checked against the role it needs. `Authorization: Bearer <operator
 * token>` is automation acting as admin (no CSRF check: browsers never attach it on their own);
 * otherwise the session cookie, which for state-changing methods must come from the app's origin.
 * Throws ApiError 401 (not signed in, wrong token) or 403 (cross-site, role too low).
 */
export async function authorizeOperator(options: AuthorizeOperatorOptions): Promise<Operator> {
  const { request } = options;
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const bearer = authorization.match(/^Bearer\s+(\S+)\s*$/i)?.[1] ?? null;
    if (!tokensMatch(bearer, options.operatorToken)) {
      throw new ApiError("unauthorized", "invalid operator token: send `Authorization: Bearer <operator token>` or sign in at /login without an Authorization header");
    }
    return OPERATOR_TOKEN_IDENTITY;
  }
  const operator = await getSessionOperator({ auth: options.auth, headers: request.headers });
  if (!operator) {
    throw new ApiError("unauthorized", "not signed in: sign in at /login, or send `Authorization: Bearer <operator token>`");
  }
  const refusal = crossSiteRefusal({ method: request.method, headers: request.headers, allowedOrigins: options.allowedOrigins });
  if (refusal) throw new ApiError("forbidden", refusal);
  if (!roleAllows({ role: operator.role, required: options.role })) {
    throw new ApiError("forbidden", `this needs the ${options.role} role; ${operator.name} is a ${operator.role}`);
  }
  return operator;
}
