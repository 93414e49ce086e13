/**
 * Input schemas of the simulator's control API (`/sim/v1/...`): parsed before anything runs,
 * so a bad request gets a 400 naming the parameter.
 */
import { z } from "zod";
import { EDGE_METRICS, SERVICE_METRICS } from "../telemetry/query";

/** A time as RFC 3339 or epoch seconds (what Prometheus' HTTP API accepts). */
const timeParam = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const ms = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: "custom", message: "must be RFC 3339 or unix seconds" });
      return z.NEVER;
    }
    return ms;
  });

const name = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 name");

/** `GET /sim/v1/metrics/query` parameters. Either `service`, or `from` and `to` for an edge. */
export const metricsQuerySchema = z
  .object({
    namespace: name.default("shop").describe("Namespace of the service or edge"),
    service: name.optional().describe("Service to query"),
    from: name.optional().describe("Calling service of an edge"),
    to: name.optional().describe("Called service of an edge"),
    metric: z.string().min(1).describe(`Service: ${SERVICE_METRICS.join(", ")}; edge: ${EDGE_METRICS.join(", ")}`),
    start: timeParam.optional().describe("Range start (default end - 1h)"),
    end: timeParam.optional().describe("Range end (default now)"),
    step: z.coerce.number().min(10).max(3600).default(60).describe("Seconds between points (>= 10, the sample resolution)"),
    window: z.coerce.number().min(20).max(3600).default(60).describe("Rate window in seconds"),
  })
  .superRefine((q, ctx) => {
    const edge = q.from !== undefined || q.to !== undefined;
    if (edge && q.service !== undefined) ctx.addIssue({ code: "custom", path: ["service"], message: "give either service or from+to, not both" });
    if (edge && (q.from === undefined || q.to === undefined)) ctx.addIssue({ code: "custom", path: [q.from === undefined ? "from" : "to"], message: "an edge needs both from and to" });
    if (!edge && q.service === undefined) ctx.addIssue({ code: "custom", path: ["service"], message: "required (or from+to for an edge)" });
    const allowed: readonly string[] = edge ? EDGE_METRICS : SERVICE_METRICS;
    if (!allowed.includes(q.metric)) ctx.addIssue({ code: "custom", path: ["metric"], message: `must be one of ${allowed.join(", ")}` });
  });

/** `PUT /sim/v1/clock` body. */
export const clockUpdateSchema = z.object({
  speed: z.number().positive().max(10_000).describe("Simulated seconds per wall-clock second"),
});
