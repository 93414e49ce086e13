/**
 * Service level objectives the health function scores against: defaults for every service,
 * per-service overrides, and the schema of the override JSON the env module will read
 * (e.g. `HEALTH_SLOS='{"checkout":{"errorRatio":0.01,"p99Ms":300}}'`).
 */
import { z } from "zod";

/** The objectives of one service. */
export interface Slo {
  /** Highest acceptable share of requests answered 5xx (0.01 = 1 %). */
  errorRatio: number;
  /** Highest acceptable p99 latency, in milliseconds. */
  p99Ms: number;
  /** Lowest acceptable availability: ready/desired replicas and successful request ratio (0.99 = 99 %). */
  availability: number;
}

/**
 * Defaults for a service without an override: 1 % errors, p99 500 ms, 99 % available, the
 * common starting point of a user-facing HTTP service's SLO (tighten per service as you learn).
 */
export const DEFAULT_SLO: Readonly<Slo> = Object.freeze({ errorRatio: 0.01, p99Ms: 500, availability: 0.99 });

/** SLOs of a namespace: a default for all services and overrides by service name. */
export interface SloConfig {
  default?: Partial<Slo>;
  services?: Record<string, Partial<Slo>>;
}

/** One service's override; every field optional, unknown fields rejected (a typo must not pass silently). */
export const sloOverrideSchema = z
  .object({
    errorRatio: z.number().gt(0).lt(1).describe("Highest acceptable 5xx ratio, e.g. 0.01"),
    p99Ms: z.number().positive().max(600_000).describe("Highest acceptable p99 latency in ms, e.g. 300"),
    availability: z.number().gt(0).lte(1).describe("Lowest acceptable availability, e.g. 0.99"),
  })
  .partial()
  .strict();

/** Overrides by service name. */
export const sloOverridesSchema = z.record(z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "service names are DNS-1123 labels"), sloOverrideSchema);

/** The override JSON string as an env variable holds it; empty means no overrides. */
export const sloOverridesJsonSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    if (text === "") return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: 'expected JSON like {"checkout":{"errorRatio":0.01,"p99Ms":300}}' });
      return z.NEVER;
    }
  })
  .pipe(sloOverridesSchema);

/** Overrides parsed from their JSON text. */
export type SloOverrides = z.output<typeof sloOverridesSchema>;

/** The SLO of `service`: its override over the configured default over `DEFAULT_SLO`. */
export function resolveSlo(service: string, config: SloConfig = {}): Slo {
  return { ...DEFAULT_SLO, ...config.default, ...config.services?.[service] };
}
