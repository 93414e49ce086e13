import "server-only";
import { getAuth } from "./get-auth";
import type { Operator } from "./operator";
import { getSessionOperator } from "./session-operator";

export type { Operator } from "./operator";

/**
 * The signed-in operator for a server component, or null when signed out.
 *
 * @example
 * const operator = await getOperatorFromHeaders(await headers());
 * if (!operator) redirect("/login");
 */
export async function getOperatorFromHeaders(headers: Headers): Promise<Operator | null> {
  return getSessionOperator({ auth: getAuth(), headers });
}
