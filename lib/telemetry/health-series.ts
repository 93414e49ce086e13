/**
 * H over time for one service, from range queries, for the incident page's charts. Each point is
 * scored with the same function TNR uses (`health.ts`), from that instant's request rate, error
 * ratio, p99 and replica availability. Pod states are only readable at an instant (see
 * `MetricsSource.podHealth`), so the pod part is left out of the series (scored 1): TNR's
 * checkpoints, which do include it, are shown beside the chart.
 */
import { DEFAULT_HEALTH_TUNING, scoreServiceHealth, type HealthScores } from "./health";
import type { SloConfig } from "./slo";
import type { MetricsSource, SeriesPoint } from "./types";

/** One instant of a service's health series. */
export interface HealthSeriesPoint {
  /** Unix ms on the cluster's clock. */
  clusterMs: number;
  requestRate: number | null;
  /** 0..1 */
  errorRatio: number | null;
  p99Ms: number | null;
  /** Ready / desired replicas, 0..1. */
  availability: number | null;
  /** H in [0, 100] without the pod part; null when no input was measured. */
  health: number | null;
  scores: HealthScores | null;
}

export interface ServiceHealthSeries {
  service: string;
  points: HealthSeriesPoint[];
}

export interface MeasureHealthSeriesOptions {
  source: MetricsSource;
  namespace: string;
  service: string;
  start: Date;
  end: Date;
  stepSeconds: number;
  slos?: SloConfig;
  signal?: AbortSignal;
}

const valueAt = (points: SeriesPoint[]) => new Map(points.map(([t, v]) => [t, v]));

/** Four range queries, joined on their common grid and scored point by point. */
export async function measureHealthSeries({ source, namespace, service, start, end, stepSeconds, slos, signal }: MeasureHealthSeriesOptions): Promise<ServiceHealthSeries> {
  const common = { namespace, service, start, end, stepSeconds, ...(signal ? { signal } : {}) };
  const [rate, errors, p99, availability] = await Promise.all(
    (["request_rate", "error_ratio", "latency_p99", "availability"] as const).map((metric) => source.serviceSeries({ ...common, metric })),
  );
  const rates = valueAt(rate!.points);
  const errorRatios = valueAt(errors!.points);
  const p99s = valueAt(p99!.points);
  const availabilities = valueAt(availability!.points);
  const grid = [...new Set([...rates.keys(), ...errorRatios.keys(), ...p99s.keys(), ...availabilities.keys()])].sort((a, b) => a - b);
  // A service that served anything in the window is expected to serve: silence then is an outage.
  const expectsTraffic = [...rates.values()].some((v) => v !== null && v >= DEFAULT_HEALTH_TUNING.minRequestRate);
  const points = grid.map((t): HealthSeriesPoint => {
    const inputs = {
      requestRate: rates.get(t) ?? null,
      errorRatio: errorRatios.get(t) ?? null,
      latencyP99Seconds: p99s.get(t) ?? null,
      replicaAvailability: availabilities.get(t) ?? null,
      pods: null,
      expectsTraffic,
    };
    const measured = Object.values(inputs).some((v) => typeof v === "number");
    const scored = measured ? scoreServiceHealth({ service, inputs, ...(slos ? { slos } : {}) }) : null;
    return {
      clusterMs: t * 1000,
      requestRate: inputs.requestRate,
      errorRatio: inputs.errorRatio,
      p99Ms: inputs.latencyP99Seconds === null ? null : inputs.latencyP99Seconds * 1000,
      availability: inputs.replicaAvailability,
      health: scored ? Math.round(scored.score * 10) / 10 : null,
      scores: scored ? scored.parts.scores : null,
    };
  });
  return { service, points };
}
