/**
 * Validation of what callers ask a `MetricsSource` for, shared by both implementations: a bad
 * name or range fails here with a message naming the field, before any request is sent (and a
 * name that reaches PromQL is always a plain DNS-1123 label, never something to escape).
 */
import { z } from "zod";
import { MetricsSourceError } from "./errors";
import { EDGE_METRICS, SERVICE_METRICS } from "./metric-names";

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label (lowercase letters, digits, '-')").max(253);

const range = {
  namespace: dnsLabel,
  start: z.date(),
  end: z.date(),
  stepSeconds: z.number().positive().max(86_400),
  windowSeconds: z.number().positive().max(86_400).default(60),
};

const ordered = (q: { start: Date; end: Date }) => q.start.getTime() <= q.end.getTime();

/** A service range query. */
export const serviceSeriesInput = z
  .object({ ...range, service: dnsLabel, metric: z.enum(SERVICE_METRICS) })
  .refine(ordered, { message: "must not be after end", path: ["start"] });

/** An edge range query. */
export const edgeSeriesInput = z
  .object({ ...range, from: dnsLabel, to: dnsLabel, metric: z.enum(EDGE_METRICS) })
  .refine(ordered, { message: "must not be after end", path: ["start"] });

/** A pod-health query. */
export const podHealthInput = z.object({ namespace: dnsLabel, service: dnsLabel, at: z.date() });

/** A namespace name. */
export const namespaceInput = dnsLabel;

/** Parse `input` with `schema` or throw a `bad-request` error naming the field. */
export function parseQueryInput<S extends z.ZodType>(schema: S, input: unknown, source: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") ?? "";
  throw new MetricsSourceError(`invalid query${field ? ` ${field}` : ""}: ${issue?.message ?? "invalid"}`, { kind: "bad-request", source });
}
