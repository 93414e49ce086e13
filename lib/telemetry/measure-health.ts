/**
 * Measure the health of a namespace now (or at `at`) through a `MetricsSource`: per service the
 * request rate, error ratio, p99 and replica availability over the window ending at `at`, its pod
 * health, and whether it normally has traffic; then H per service and for the namespace
 * (`health.ts`). The result is plain JSON, stored with every TNR checkpoint as it is.
 */
import { DEFAULT_HEALTH_TUNING, scoreNamespaceHealth, scoreServiceHealth, type HealthTuning, type NamespaceHealth, type ServiceHealth, type ServiceHealthInputs } from "./health";
import type { SloConfig } from "./slo";
import type { MetricsSource } from "./types";

/** A service to measure; `expectsTraffic` is inferred from its recent traffic when left out. */
export type ServiceToMeasure = string | { service: string; expectsTraffic?: boolean };

/** Options of `measureHealth`. */
export interface MeasureHealthOptions {
  source: MetricsSource;
  namespace: string;
  /** Services to measure (default: every service the source lists in the namespace). */
  services?: readonly ServiceToMeasure[];
  /** Instant measured; the window ends here. */
  at: Date;
  /** Rate window in seconds (default 60). */
  windowSeconds?: number;
  slos?: SloConfig;
  tuning?: Partial<HealthTuning>;
  /**
   * How far back to look for traffic when inferring `expectsTraffic` (default one hour). A service
   * that served any request in [at − lookback, at − window] is expected to serve now. Pass the
   * flags of the "before" measurement to the "after" one so both judge traffic alike.
   */
  trafficLookbackSeconds?: number;
  /** Services measured at once (default 4; each one is about six requests). */
  concurrency?: number;
  signal?: AbortSignal;
}

/** What was read for one service, beside the inputs of the formula. */
export interface MeasuredInputs extends ServiceHealthInputs {
  /** Highest request rate in the lookback before the window (null: not looked up, flag given). */
  baselineRequestRate: number | null;
}

/** One service in a measurement. */
export interface MeasuredServiceHealth extends ServiceHealth {
  inputs: MeasuredInputs;
}

/** A namespace's health at one instant, with every part. JSON-serializable. */
export interface HealthMeasurement {
  /** ISO 8601 instant measured. */
  at: string;
  namespace: string;
  /** The source kind ("simulator" | "prometheus"). */
  source: string;
  windowSeconds: number;
  /** H of the namespace. */
  score: number;
  aggregate: NamespaceHealth;
  services: MeasuredServiceHealth[];
}

/** Rate window used unless told otherwise (the simulator's alert rules use the same). */
export const DEFAULT_HEALTH_WINDOW_SECONDS = 60;
/** Lookback for "does this service normally have traffic". */
export const DEFAULT_TRAFFIC_LOOKBACK_SECONDS = 3600;

/** Query every service and score the namespace. A failed query fails the whole measurement: TNR must not judge on partial data. */
export async function measureHealth(options: MeasureHealthOptions): Promise<HealthMeasurement> {
  const { source, namespace, at } = options;
  const windowSeconds = options.windowSeconds ?? DEFAULT_HEALTH_WINDOW_SECONDS;
  const lookbackSeconds = options.trafficLookbackSeconds ?? DEFAULT_TRAFFIC_LOOKBACK_SECONDS;
  const minRequestRate = options.tuning?.minRequestRate ?? DEFAULT_HEALTH_TUNING.minRequestRate;
  const signal = options.signal ? { signal: options.signal } : {};
  const wanted = options.services ?? (await source.listServices(namespace, signal));
  const targets = wanted.map((entry) => (typeof entry === "string" ? { service: entry } : entry));

  async function baselineRate(service: string): Promise<number | null> {
    const end = new Date(at.getTime() - windowSeconds * 1000);
    const start = new Date(at.getTime() - lookbackSeconds * 1000);
    if (start >= end) return null;
    const series = await source.serviceSeries({ namespace, service, metric: "request_rate", start, end, stepSeconds: 60, windowSeconds, ...signal });
    let max: number | null = null;
    for (const [, value] of series.points) if (value !== null) max = Math.max(max ?? 0, value);
    return max;
  }

  async function measureOne(target: { service: string; expectsTraffic?: boolean }): Promise<MeasuredServiceHealth> {
    const { service } = target;
    const instant = (metric: "request_rate" | "error_ratio" | "latency_p99" | "availability") => source.instant({ namespace, service, metric, at, windowSeconds, ...signal });
    const [requestRate, errorRatio, latencyP99Seconds, replicaAvailability, pods, baseline] = await Promise.all([
      instant("request_rate"),
      instant("error_ratio"),
      instant("latency_p99"),
      instant("availability"),
      source.podHealth({ namespace, service, at, ...signal }),
      target.expectsTraffic === undefined ? baselineRate(service) : Promise.resolve(null),
    ]);
    const inputs: MeasuredInputs = {
      requestRate,
      errorRatio,
      latencyP99Seconds,
      replicaAvailability,
      pods,
      expectsTraffic: target.expectsTraffic ?? (baseline !== null && baseline >= minRequestRate),
      windowSeconds,
      baselineRequestRate: baseline,
    };
    return { ...scoreServiceHealth({ service, inputs, ...(options.slos ? { slos: options.slos } : {}), ...(options.tuning ? { tuning: options.tuning } : {}) }), inputs };
  }

  const concurrency = Math.max(1, options.concurrency ?? 4);
  const services: MeasuredServiceHealth[] = [];
  for (let i = 0; i < targets.length; i += concurrency) services.push(...(await Promise.all(targets.slice(i, i + concurrency).map(measureOne))));
  services.sort((a, b) => a.service.localeCompare(b.service));
  const aggregate = scoreNamespaceHealth(services);
  return { at: at.toISOString(), namespace, source: source.kind, windowSeconds, score: aggregate.score, aggregate, services };
}

/** The `services` argument that makes a later measurement judge traffic exactly like `measurement` did. */
export function trafficExpectations(measurement: HealthMeasurement): { service: string; expectsTraffic: boolean }[] {
  return measurement.services.map((s) => ({ service: s.service, expectsTraffic: s.inputs.expectsTraffic }));
}
