import { z } from "zod";
import type { RiskLevel } from "../cluster/actions/types";
import { ApiError, issuesFromZod } from "../http/api-error";

/**
 * What an autopilot policy may say for a namespace: "off" (a human approves everything) or the
 * highest action risk approved without a human. "off" is stored explicitly, so that an admin can
 * switch off a namespace the AUTOPILOT environment default turns on.
 */
export const AUTOPILOT_MAX_RISKS = ["off", "low", "medium", "high"] as const;

export type AutopilotMaxRisk = (typeof AUTOPILOT_MAX_RISKS)[number];

/** Where a namespace's effective policy comes from: an admin's row in the database, or the AUTOPILOT variable. */
export type AutopilotPolicySource = "db" | "env";

/** One namespace's effective policy, as the Settings page and `GET /api/admin/autopilot` show it. */
export interface AutopilotPolicyView {
  namespace: string;
  maxRisk: AutopilotMaxRisk;
  source: AutopilotPolicySource;
  /** What AUTOPILOT says for this namespace ("off" when it does not name it): what removing the row goes back to. */
  envDefault: AutopilotMaxRisk;
  /** Who set the database row (null for the environment default). */
  updatedBy: string | null;
  /** When the database row was last set, ISO 8601 (null for the environment default). */
  updatedAt: string | null;
}

/** The AUTOPILOT environment default: namespace -> highest risk auto-approved. */
export type AutopilotEnvDefault = Readonly<Record<string, RiskLevel>>;

// Kubernetes namespace names are DNS-1123 labels.
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes namespace name (DNS-1123 label). */
export const autopilotNamespaceSchema = z
  .string({ error: "expected a namespace name" })
  .min(1, "must not be empty")
  .max(63, "must be at most 63 characters (a DNS-1123 label)")
  .regex(DNS_1123_LABEL, "must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit");

/** "off" or a risk level. */
export const autopilotMaxRiskSchema = z.enum(AUTOPILOT_MAX_RISKS, { error: `expected one of ${AUTOPILOT_MAX_RISKS.join(", ")}` });

/** A policy to store: the namespace and the highest risk auto-approved there. */
export const autopilotPolicyInputSchema = z.object({
  namespace: autopilotNamespaceSchema,
  maxRisk: autopilotMaxRiskSchema,
});

export type AutopilotPolicyInput = z.infer<typeof autopilotPolicyInputSchema>;

/** Body of `PUT /api/admin/autopilot/{namespace}`. */
export const autopilotPolicyBodySchema = z.object({ maxRisk: autopilotMaxRiskSchema }, { error: 'expected a JSON object like {"maxRisk":"low"}' });

export interface ParseAutopilotPolicyRequestOptions {
  /** The namespace from the path. */
  namespace: unknown;
  /** The parsed JSON body. */
  body: unknown;
}

/** Parses a namespace and a request body into a policy; a bad field is a 422 that names it. */
export function parseAutopilotPolicyRequest(options: ParseAutopilotPolicyRequestOptions): AutopilotPolicyInput {
  const namespace = autopilotNamespaceSchema.safeParse(options.namespace);
  const body = autopilotPolicyBodySchema.safeParse(options.body);
  const issues = [
    ...(namespace.success ? [] : issuesFromZod(namespace.error.issues.map((issue) => ({ ...issue, path: ["namespace", ...issue.path] })))),
    ...(body.success ? [] : issuesFromZod(body.error.issues)),
  ];
  if (!namespace.success || !body.success) throw new ApiError("unprocessable", "invalid autopilot policy", issues);
  return { namespace: namespace.data, maxRisk: body.data.maxRisk };
}

/** Parses a namespace alone (DELETE); a bad one is a 422 that names the field. */
export function parseAutopilotNamespace(namespace: unknown): string {
  const parsed = autopilotNamespaceSchema.safeParse(namespace);
  if (!parsed.success) {
    throw new ApiError("unprocessable", "invalid namespace", issuesFromZod(parsed.error.issues.map((issue) => ({ ...issue, path: ["namespace", ...issue.path] }))));
  }
  return parsed.data;
}

/**
 * A stored value read back as a policy. Anything unknown (a row edited by hand) reads as "off":
 * an unreadable policy must never approve more than it names.
 */
export function storedMaxRisk(stored: string): AutopilotMaxRisk {
  return (AUTOPILOT_MAX_RISKS as readonly string[]).includes(stored) ? (stored as AutopilotMaxRisk) : "off";
}
