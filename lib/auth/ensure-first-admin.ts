import "server-only";
import { randomBytes } from "node:crypto";
import { isAPIError } from "better-auth/api";
import type { Db } from "../db/client";
import type { AuthEnv } from "../env";
import type { Logger } from "../log";
import type { Auth } from "./create-auth";

/** Name of the first admin account, as it appears on what it approves. */
export const FIRST_ADMIN_NAME = "Administrator";

export interface EnsureFirstAdminOptions {
  auth: Auth;
  db: Db;
  firstAdmin: AuthEnv["firstAdmin"];
  log: Logger;
}

export type EnsureFirstAdminResult =
  | { created: false }
  | { created: true; email: string; passwordSource: "environment" | "generated" };

/**
 * On a database with no operator yet, creates the first admin: ADMIN_EMAIL / ADMIN_PASSWORD when
 * set, else admin@agentic-sre.local with a generated password printed once in the log (it is
 * never stored in clear and never printed again: the next start finds an operator and does nothing).
 */
export async function ensureFirstAdmin(options: EnsureFirstAdminOptions): Promise<EnsureFirstAdminResult> {
  if ((await options.db.user.count()) > 0) return { created: false };
  const { email } = options.firstAdmin;
  const password = options.firstAdmin.password ?? randomBytes(18).toString("base64url");
  try {
    await options.auth.api.createUser({ body: { email, password, name: FIRST_ADMIN_NAME, role: "admin" } });
  } catch (error) {
    // Another process starting on the same database created it first.
    if (isAPIError(error) && /already exists/i.test(error.message)) return { created: false };
    throw error;
  }
  if (options.firstAdmin.password) {
    options.log.info("auth.first_admin_created", { email, password: "from ADMIN_PASSWORD", hint: "sign in at /login" });
    return { created: true, email, passwordSource: "environment" };
  }
  // warn, not info: it must reach the operator at the default and at quieter log levels.
  options.log.warn("auth.first_admin_created", {
    email,
    password,
    hint: "printed once: sign in at /login, then create named accounts under Users; set ADMIN_EMAIL/ADMIN_PASSWORD to choose them",
  });
  return { created: true, email, passwordSource: "generated" };
}
