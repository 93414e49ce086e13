import "server-only";
import type { Db } from "../db/client";
import { ApiError, issuesFromZod } from "../http/api-error";
import { log as defaultLog, type Logger } from "../log";
import { invalidateAutopilotLookups } from "./autopilot-lookup";
import {
  autopilotPolicyInputSchema,
  parseAutopilotNamespace,
  storedMaxRisk,
  type AutopilotEnvDefault,
  type AutopilotMaxRisk,
  type AutopilotPolicyView,
} from "./autopilot-policy";

export interface ListAutopilotPoliciesOptions {
  db: Db;
  /** The AUTOPILOT environment default (`env.autopilot`). */
  envDefault: AutopilotEnvDefault;
}

/**
 * Every namespace with a policy: the admins' rows in the database over the AUTOPILOT default,
 * each marked with where it comes from, sorted by namespace.
 */
export async function listAutopilotPolicies(options: ListAutopilotPoliciesOptions): Promise<AutopilotPolicyView[]> {
  const rows = await options.db.autopilotPolicy.findMany({ orderBy: { namespace: "asc" } });
  const byNamespace = new Map<string, AutopilotPolicyView>();
  for (const [namespace, risk] of Object.entries(options.envDefault)) {
    byNamespace.set(namespace, { namespace, maxRisk: risk, source: "env", envDefault: risk, updatedBy: null, updatedAt: null });
  }
  for (const row of rows) {
    byNamespace.set(row.namespace, {
      namespace: row.namespace,
      maxRisk: storedMaxRisk(row.maxRisk),
      source: "db",
      envDefault: options.envDefault[row.namespace] ?? "off",
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt.toISOString(),
    });
  }
  return [...byNamespace.values()].sort((a, b) => a.namespace.localeCompare(b.namespace));
}

export interface SetAutopilotPolicyOptions {
  db: Db;
  /** A Kubernetes namespace name (DNS-1123 label); validated here. */
  namespace: string;
  /** "off" or the highest risk auto-approved; validated here. */
  maxRisk: string;
  /** Who sets it (the operator's name), stored on the row and logged. */
  by: string;
  log?: Logger;
}

/** The stored policy after a change. */
export interface StoredAutopilotPolicy {
  namespace: string;
  maxRisk: AutopilotMaxRisk;
  updatedBy: string;
  updatedAt: string;
}

/**
 * Stores an admin's policy for a namespace, overriding the AUTOPILOT default there ("off"
 * included). Takes effect for the next proposal in this process at once (the lookup cache is
 * dropped); other processes see it within the lookup's cache time. Logged with who and what.
 * Throws ApiError 422 naming the field when the namespace or the risk is invalid.
 */
export async function setAutopilotPolicy(options: SetAutopilotPolicyOptions): Promise<StoredAutopilotPolicy> {
  const parsed = autopilotPolicyInputSchema.safeParse({ namespace: options.namespace, maxRisk: options.maxRisk });
  if (!parsed.success) throw new ApiError("unprocessable", "invalid autopilot policy", issuesFromZod(parsed.error.issues));
  const by = options.by.trim();
  if (!by) throw new ApiError("unprocessable", "invalid autopilot policy", [{ path: "by", message: "must name who sets the policy" }]);
  const { namespace, maxRisk } = parsed.data;
  const previous = await options.db.autopilotPolicy.findUnique({ where: { namespace }, select: { maxRisk: true } });
  const row = await options.db.autopilotPolicy.upsert({
    where: { namespace },
    create: { namespace, maxRisk, updatedBy: by },
    update: { maxRisk, updatedBy: by },
  });
  invalidateAutopilotLookups();
  (options.log ?? defaultLog).info("autopilot.policy_set", { namespace, maxRisk, previous: previous ? storedMaxRisk(previous.maxRisk) : null, by });
  return { namespace: row.namespace, maxRisk: storedMaxRisk(row.maxRisk), updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() };
}

export interface RemoveAutopilotPolicyOptions {
  db: Db;
  /** The namespace whose database row goes; validated here. */
  namespace: string;
  /** Who removes it, logged. */
  by: string;
  log?: Logger;
}

/**
 * Removes an admin's policy: the namespace goes back to the AUTOPILOT default (off when it does
 * not name the namespace). Throws ApiError 404 when no row exists (an environment default cannot
 * be removed here; change AUTOPILOT, or set "off"), 422 for an invalid namespace.
 */
export async function removeAutopilotPolicy(options: RemoveAutopilotPolicyOptions): Promise<void> {
  const namespace = parseAutopilotNamespace(options.namespace);
  const { count } = await options.db.autopilotPolicy.deleteMany({ where: { namespace } });
  if (count === 0) {
    throw new ApiError("not_found", `no autopilot policy is stored for namespace ${namespace}; an AUTOPILOT default is changed in the environment, or overridden by setting "off"`);
  }
  invalidateAutopilotLookups();
  (options.log ?? defaultLog).info("autopilot.policy_removed", { namespace, by: options.by });
}
