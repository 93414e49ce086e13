/**
 * Query parameters of API requests, parsed once per request with zod so that a bad value is a
 * 400 naming the parameter, before any store work.
 */
import { z } from "zod";
import { badRequest } from "../errors";

/** Kubernetes accepts `true`/`1` and `false`/`0` for boolean parameters (kubectl sends `watch=1` in places). */
const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const nonNegativeInt = z.coerce.number().int().min(0);

const readQuerySchema = z.object({
  labelSelector: z.string().optional(),
  fieldSelector: z.string().optional(),
  limit: nonNegativeInt.optional(),
  continue: z.string().optional(),
  resourceVersion: z.string().optional(),
  resourceVersionMatch: z.enum(["NotOlderThan", "Exact", ""]).optional(),
  watch: flag,
  allowWatchBookmarks: flag,
  sendInitialEvents: flag,
  timeoutSeconds: nonNegativeInt.optional(),
  includeObject: z.enum(["None", "Metadata", "Object"]).optional(),
});
export type ReadQuery = z.infer<typeof readQuerySchema>;

const writeQuerySchema = z.object({
  dryRun: z.enum(["All", ""]).optional(),
  fieldManager: z.string().max(128).optional(),
  fieldValidation: z.enum(["Ignore", "Warn", "Strict", ""]).optional(),
  force: flag,
  propagationPolicy: z.enum(["Foreground", "Background", "Orphan"]).optional(),
  gracePeriodSeconds: z.coerce.number().int().optional(),
  orphanDependents: flag,
});
export type WriteQuery = z.infer<typeof writeQuerySchema>;

const logQuerySchema = z.object({
  container: z.string().optional(),
  follow: flag,
  previous: flag,
  timestamps: flag,
  tailLines: z.coerce.number().int().optional(),
  sinceSeconds: z.coerce.number().int().positive().optional(),
  sinceTime: z.string().optional(),
  limitBytes: z.coerce.number().int().positive().optional(),
  insecureSkipTLSVerifyBackend: flag,
});
export type LogQuery = z.infer<typeof logQuerySchema>;

function parse<T>(schema: z.ZodType<T>, params: URLSearchParams): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join(".") ?? "query";
  throw badRequest(`invalid value for query parameter "${name}": ${raw[name] ?? ""} (${issue?.message ?? "invalid"})`);
}

export function parseReadQuery(params: URLSearchParams): ReadQuery {
  return parse(readQuerySchema.loose(), params);
}

export function parseWriteQuery(params: URLSearchParams): WriteQuery {
  return parse(writeQuerySchema.loose(), params);
}

export function parseLogQuery(params: URLSearchParams): LogQuery {
  return parse(logQuerySchema.loose(), params);
}
