import { effectiveRole, type OperatorRole } from "./roles";

/** Who is acting: a signed-in operator, or automation holding the operator token. */
export interface Operator {
  id: string;
  /** Human-readable; recorded on approvals, rejections, undos and postmortem reviews. */
  name: string;
  email: string | null;
  role: OperatorRole;
  via: "session" | "token";
}

/** The id recorded for actions taken with the operator bearer token. */
export const OPERATOR_TOKEN_ID = "operator-token";

/** The automation identity behind `Authorization: Bearer <operator token>`: an admin. */
export const OPERATOR_TOKEN_IDENTITY: Operator = {
  id: OPERATOR_TOKEN_ID,
  name: "operator token (automation)",
  email: null,
  role: "admin",
  via: "token",
};

/** The shape of a better-auth session user that matters here. */
export interface SessionUser {
  id: string;
  name?: string | null;
  email?: string | null;
  role?: string | null;
}

/** A session's user as an Operator; a blank name falls back to the email so records stay readable. */
export function operatorFromSessionUser(user: SessionUser): Operator {
  const email = user.email?.trim() || null;
  return {
    id: user.id,
    name: user.name?.trim() || email || user.id,
    email,
    role: effectiveRole(user.role),
    via: "session",
  };
}
