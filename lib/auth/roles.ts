/**
 * Operator roles, lowest first. Each role includes the ones before it: viewers read, responders
 * also approve, reject and undo, admins also manage users, tokens and policies.
 */
export const OPERATOR_ROLES = ["viewer", "responder", "admin"] as const;

export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Is this string one of the operator roles? */
export function isOperatorRole(value: unknown): value is OperatorRole {
  return typeof value === "string" && (OPERATOR_ROLES as readonly string[]).includes(value);
}

export interface RoleAllowsOptions {
  /** The operator's role. */
  role: OperatorRole;
  /** The lowest role the action needs. */
  required: OperatorRole;
}

/** Whether `role` is at least `required` in viewer < responder < admin. */
export function roleAllows(options: RoleAllowsOptions): boolean {
  return OPERATOR_ROLES.indexOf(options.role) >= OPERATOR_ROLES.indexOf(options.required);
}

/**
 * The role stored on a user row. better-auth's admin plugin may store several roles comma-separated;
 * the highest known one counts. Unknown or missing roles read as viewer, the least privileged,
 * so a row edited by hand can never grant more than it names.
 */
export function effectiveRole(stored: string | null | undefined): OperatorRole {
  const named = (stored ?? "").split(",").map((part) => part.trim());
  for (const role of [...OPERATOR_ROLES].reverse()) if (named.includes(role)) return role;
  return "viewer";
}
