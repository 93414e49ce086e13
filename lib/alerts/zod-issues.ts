import type { z } from "zod";
import { AlertEnvelopeError, type AlertSource } from "./types";

/** One problem in a payload: where (dotted/bracketed path) and what was expected. */
export interface PayloadIssue {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Appends path segments to `prefix` in JavaScript accessor style: `alerts[2].labels.alertname`,
 * and `labels["app.kubernetes.io/name"]` for keys that are not identifiers (so dots in label names
 * stay unambiguous).
 */
export function formatIssuePath(segments: readonly PropertyKey[], prefix = ""): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) path += path === "" ? segment : `.${segment}`;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** Zod's issues as {@link PayloadIssue}s, paths under `prefix`; zod's "Invalid input: " preamble is dropped. */
export function payloadIssuesOf(error: z.ZodError, prefix = ""): PayloadIssue[] {
  return error.issues.map((issue) => ({
    path: formatIssuePath(issue.path, prefix),
    message: issue.message.replace(/^Invalid input: /, ""),
  }));
}

/** One line naming every issue, for `SkippedAlert.reason`: `alerts[3].startsAt: expected ...`. */
export function describeIssues(issues: readonly PayloadIssue[]): string {
  return issues.map((issue) => `${issue.path || "(alert)"}: ${issue.message}`).join("; ");
}

/**
 * Parses a source's envelope with `schema`, or throws {@link AlertEnvelopeError} (→ 422) naming
 * each invalid field. Used for the parts of a payload whose failure leaves nothing to salvage.
 */
export function parseEnvelope<Schema extends z.ZodType>(
  source: AlertSource,
  schema: Schema,
  payload: unknown,
  prefix = "",
): z.output<Schema> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AlertEnvelopeError(source, payloadIssuesOf(parsed.error, prefix));
  return parsed.data;
}
