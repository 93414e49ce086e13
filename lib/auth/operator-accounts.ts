import "server-only";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import type { Db } from "../db/client";
import { writeTransaction } from "../db/transaction";
import { ApiError, issuesFromZod } from "../http/api-error";
import type { Auth } from "./create-auth";
import type { Operator } from "./operator";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";
import { effectiveRole, OPERATOR_ROLES, type OperatorRole } from "./roles";

/** Operator accounts as the admin page lists them. */
export interface OperatorAccount {
  id: string;
  name: string;
  email: string;
  role: OperatorRole;
  /** How the operator signs in: "password" (local account), "oidc" (single sign-on), or both. */
  signInMethods: string[];
  createdAt: string;
}

const passwordSchema = z
  .string({ error: "expected a password" })
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Body of "create an operator": a name shown on what they approve, an email to sign in with, a role and an initial password. */
export const createOperatorInputSchema = z.object({
  name: z.string({ error: "expected the operator's name" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  email: z
    .string({ error: "expected an email address" })
    .trim()
    .toLowerCase()
    .pipe(z.email("expected an email address such as ana@example.com").max(254)),
  role: z.enum(OPERATOR_ROLES, { error: `expected one of ${OPERATOR_ROLES.join(", ")}` }),
  password: passwordSchema,
});

export type CreateOperatorInput = z.infer<typeof createOperatorInputSchema>;

/** Body of "change an operator": a new role, a new password (signs them out everywhere), or both. */
export const updateOperatorInputSchema = z
  .object({
    role: z.enum(OPERATOR_ROLES, { error: `expected one of ${OPERATOR_ROLES.join(", ")}` }).optional(),
    password: passwordSchema.optional(),
  })
  .refine((input) => input.role !== undefined || input.password !== undefined, { message: "expected a role or a password to change" });

export type UpdateOperatorInput = z.infer<typeof updateOperatorInputSchema>;

/** Parses a request body with one of the schemas above; a bad field is a 422 that names it. */
export function parseOperatorInput<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError("unprocessable", "invalid operator account", issuesFromZod(parsed.error.issues));
  return parsed.data;
}

export interface ListOperatorsOptions {
  db: Db;
}

/** Every operator account, oldest first. */
export async function listOperators(options: ListOperatorsOptions): Promise<OperatorAccount[]> {
  const users = await options.db.user.findMany({
    orderBy: [{ createdAt: "asc" }, { email: "asc" }],
    select: { id: true, name: true, email: true, role: true, createdAt: true, accounts: { select: { providerId: true } } },
  });
  return users.map(toAccount);
}

export interface CreateOperatorOptions {
  auth: Auth;
  db: Db;
  input: CreateOperatorInput;
}

/**
 * Creates a local operator account through better-auth (which hashes the password). Called
 * without request headers, better-auth treats it as a trusted server call: the caller has
 * already checked that the acting operator is an admin (requireOperator).
 */
export async function createOperator(options: CreateOperatorOptions): Promise<OperatorAccount> {
  const { input } = options;
  try {
    const { user } = await options.auth.api.createUser({
      body: { email: input.email, name: input.name, password: input.password, role: input.role },
    });
    return await getOperatorAccount({ db: options.db, userId: user.id });
  } catch (error) {
    if (isAPIError(error) && error.statusCode === 400 && /already exists/i.test(error.message)) {
      throw new ApiError("conflict", `an operator with the email ${input.email} already exists`, [{ path: "email", message: "already in use" }]);
    }
    if (isAPIError(error) && error.statusCode === 400) {
      throw new ApiError("unprocessable", `could not create the operator: ${error.message}`);
    }
    throw error;
  }
}

export interface UpdateOperatorOptions {
  auth: Auth;
  db: Db;
  userId: string;
  input: UpdateOperatorInput;
  /** Who is making the change (an admin, or the operator token). */
  actor: Operator;
}

/**
 * Changes an operator's role and/or password. The last admin cannot be demoted (nobody could
 * manage users afterwards); a new password ends the operator's sessions.
 */
export async function updateOperator(options: UpdateOperatorOptions): Promise<OperatorAccount> {
  const { db, userId, input } = options;
  const hashed = input.password === undefined ? undefined : await (await options.auth.$context).password.hash(input.password);
  await writeTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
    if (!user) throw new ApiError("not_found", `no operator with id ${userId}`);
    if (input.role && input.role !== "admin" && effectiveRole(user.role) === "admin") {
      await assertAnotherAdmin(tx, userId, "demote");
    }
    if (input.role) await tx.user.update({ where: { id: userId }, data: { role: input.role } });
    if (hashed !== undefined) {
      // An operator who signed up through SSO has no local credential yet: the password adds one.
      const credential = await tx.account.findFirst({ where: { userId, providerId: "credential" }, select: { id: true } });
      if (credential) await tx.account.update({ where: { id: credential.id }, data: { password: hashed } });
      else await tx.account.create({ data: { id: crypto.randomUUID(), userId, providerId: "credential", accountId: userId, password: hashed } });
      await tx.session.deleteMany({ where: { userId } });
    }
  });
  return getOperatorAccount({ db, userId });
}

export interface RemoveOperatorOptions {
  db: Db;
  userId: string;
  actor: Operator;
}

/**
 * Removes an operator, their sessions and sign-in methods (cascade). Refused for one's own
 * account and for the last admin. Their name stays on what they approved (events keep names).
 */
export async function removeOperator(options: RemoveOperatorOptions): Promise<void> {
  const { db, userId, actor } = options;
  if (actor.via === "session" && actor.id === userId) {
    throw new ApiError("conflict", "you cannot remove your own account; ask another admin");
  }
  await writeTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!user) throw new ApiError("not_found", `no operator with id ${userId}`);
    if (effectiveRole(user.role) === "admin") await assertAnotherAdmin(tx, userId, "remove");
    await tx.user.delete({ where: { id: userId } });
  });
}

type UserReader = Pick<Db, "user">;

async function assertAnotherAdmin(tx: UserReader, userId: string, verb: "demote" | "remove"): Promise<void> {
  const admins = await tx.user.findMany({ where: { id: { not: userId }, role: { contains: "admin" } }, select: { role: true } });
  if (!admins.some((other) => effectiveRole(other.role) === "admin")) {
    throw new ApiError("conflict", `cannot ${verb} the last admin: make another operator admin first`);
  }
}

async function getOperatorAccount(options: { db: Db; userId: string }): Promise<OperatorAccount> {
  const user = await options.db.user.findUnique({
    where: { id: options.userId },
    select: { id: true, name: true, email: true, role: true, createdAt: true, accounts: { select: { providerId: true } } },
  });
  if (!user) throw new ApiError("not_found", `no operator with id ${options.userId}`);
  return toAccount(user);
}

function toAccount(user: {
  id: string;
  name: string;
  email: string;
  role: string | null;
  createdAt: Date;
  accounts: { providerId: string }[];
}): OperatorAccount {
  const methods = new Set(user.accounts.map((account) => (account.providerId === "credential" ? "password" : account.providerId)));
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: effectiveRole(user.role),
    signInMethods: [...methods].sort(),
    createdAt: user.createdAt.toISOString(),
  };
}
