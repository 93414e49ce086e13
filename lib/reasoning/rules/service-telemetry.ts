/**
 * A service's telemetry now against its own recent past, the comparison both the detection rules
 * and the call-graph walk make: error ratio, p99 latency, request rate and replica availability
 * over the last minutes, against the median of the hour before.
 */
import type { MetricsSource, PodHealth } from "../../telemetry/types";
import type { ServiceMetric } from "../../telemetry/metric-names";

/** Rate window of "now" readings, in seconds (the alert rules use 1-2 minutes). */
export const CURRENT_WINDOW_SECONDS = 120;
/** How far back the baseline reaches. */
export const BASELINE_LOOKBACK_SECONDS = 3600;
/** The baseline ends this long before the incident began, so the incident does not pollute its own baseline. */
export const BASELINE_GAP_SECONDS = 120;
/** When the incident start is unknown, the baseline ends this long before now. */
export const DEFAULT_BASELINE_END_SECONDS = 600;
/** Step of the recent-window series used to spot blips and flapping. */
export const RECENT_STEP_SECONDS = 10;
/** Window restarts are counted over (the crash-loop alert rule's 5 minutes). */
export const RESTART_WINDOW_SECONDS = 300;
/** Length of the recent window scanned for blips and flapping. */
export const RECENT_WINDOW_SECONDS = 600;

/** An error ratio above this is abnormal whatever the baseline (the alert rule's own threshold). */
export const ERROR_RATIO_ABNORMAL = 0.05;
/** p99 above this many times its baseline is abnormal... */
export const LATENCY_BASELINE_FACTOR = 3;
/** ...and only when it is also this many seconds above it (tiny p99s triple on noise). */
export const LATENCY_MIN_INCREASE_SECONDS = 0.1;
/** Below this share of its baseline request rate a service "lost its traffic". */
export const TRAFFIC_LOSS_RATIO = 0.1;
/** Request rates below this (req/s) are too thin to judge ratios on. */
export const MIN_REQUEST_RATE = 0.05;

/** Now and baseline values of one service; null where there is no data. */
export interface ServiceReading {
  service: string;
  errorRatio: number | null;
  latencyP99: number | null;
  requestRate: number | null;
  availability: number | null;
  /** Container restarts of the service's pods over the current window. */
  restarts: number | null;
  baselineErrorRatio: number | null;
  baselineLatencyP99: number | null;
  baselineRequestRate: number | null;
  pods: PodHealth | null;
}

/** Why a reading is abnormal (empty: normal). */
export function abnormalities(r: ServiceReading): string[] {
  const out: string[] = [];
  const hasTraffic = (r.requestRate ?? 0) >= MIN_REQUEST_RATE;
  if (hasTraffic && r.errorRatio !== null && r.errorRatio > Math.max(ERROR_RATIO_ABNORMAL, (r.baselineErrorRatio ?? 0) * 3)) out.push(`error ratio ${pct(r.errorRatio)} (baseline ${pct(r.baselineErrorRatio)})`);
  if (hasTraffic && r.latencyP99 !== null && r.baselineLatencyP99 !== null && r.latencyP99 > r.baselineLatencyP99 * LATENCY_BASELINE_FACTOR && r.latencyP99 - r.baselineLatencyP99 > LATENCY_MIN_INCREASE_SECONDS) {
    out.push(`p99 latency ${secs(r.latencyP99)} (baseline ${secs(r.baselineLatencyP99)})`);
  }
  if ((r.baselineRequestRate ?? 0) >= MIN_REQUEST_RATE && (r.requestRate ?? 0) < (r.baselineRequestRate ?? 0) * TRAFFIC_LOSS_RATIO) out.push(`request rate ${(r.requestRate ?? 0).toFixed(2)}/s (baseline ${(r.baselineRequestRate ?? 0).toFixed(2)}/s): its traffic is lost`);
  if ((r.restarts ?? 0) >= 1) out.push(`${r.restarts} container restart(s) in the last ${RESTART_WINDOW_SECONDS / 60} minutes`);
  const pods = r.pods;
  if (pods) {
    if (pods.crashLooping > 0) out.push(`${pods.crashLooping} container(s) in CrashLoopBackOff`);
    if (pods.pending > 0) out.push(`${pods.pending} pod(s) Pending`);
    if (pods.notReady > 0) out.push(`${pods.notReady} of ${pods.pods} pod(s) not ready${Object.keys(pods.waitingReasons).length ? ` (${Object.entries(pods.waitingReasons).map(([k, v]) => `${k} x${v}`).join(", ")})` : ""}`);
    if (pods.desiredReplicas !== null && pods.availableReplicas !== null && pods.availableReplicas < pods.desiredReplicas) out.push(`${pods.availableReplicas}/${pods.desiredReplicas} replicas available`);
  }
  return out;
}

/** `12.3%`, or `n/a`. */
export function pct(value: number | null): string {
  return value === null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}

/** `1.20s` / `35ms`, or `n/a`. */
export function secs(value: number | null): string {
  if (value === null) return "n/a";
  return value >= 1 ? `${value.toFixed(2)}s` : `${Math.round(value * 1000)}ms`;
}

/** Median of the non-null values, or null. */
export function median(values: readonly (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (present.length === 0) return null;
  const mid = Math.floor(present.length / 2);
  return present.length % 2 ? (present[mid] ?? null) : ((present[mid - 1] ?? 0) + (present[mid] ?? 0)) / 2;
}

/** Options of `readService`. */
export interface ReadServiceOptions {
  metrics: MetricsSource;
  namespace: string;
  service: string;
  now: Date;
  /** When the symptoms began (the earliest alert's start); default: DEFAULT_BASELINE_END_SECONDS before now. */
  incidentStart?: Date;
  /** Also read pod health (one scrape); default true. */
  withPods?: boolean;
}

/** Reads now and baseline values of one service. */
export async function readService(options: ReadServiceOptions): Promise<ServiceReading> {
  const { metrics, namespace, service, now } = options;
  const instant = (metric: ServiceMetric) => metrics.instant({ namespace, service, metric, at: now, windowSeconds: CURRENT_WINDOW_SECONDS });
  const endMs = options.incidentStart ? Math.min(options.incidentStart.getTime() - BASELINE_GAP_SECONDS * 1000, now.getTime() - CURRENT_WINDOW_SECONDS * 1000) : now.getTime() - DEFAULT_BASELINE_END_SECONDS * 1000;
  const baselineEnd = new Date(endMs);
  const baselineStart = new Date(endMs - BASELINE_LOOKBACK_SECONDS * 1000);
  const baseline = async (metric: ServiceMetric) => {
    if (baselineStart >= baselineEnd) return null;
    const series = await metrics.serviceSeries({ namespace, service, metric, start: baselineStart, end: baselineEnd, stepSeconds: 60, windowSeconds: CURRENT_WINDOW_SECONDS });
    return median(series.points.map(([, v]) => v));
  };
  const [errorRatio, latencyP99, requestRate, availability, restarts, baselineErrorRatio, baselineLatencyP99, baselineRequestRate, pods] = await Promise.all([
    instant("error_ratio"),
    instant("latency_p99"),
    instant("request_rate"),
    instant("availability"),
    metrics.instant({ namespace, service, metric: "restarts", at: now, windowSeconds: RESTART_WINDOW_SECONDS }),
    baseline("error_ratio"),
    baseline("latency_p99"),
    baseline("request_rate"),
    options.withPods === false ? Promise.resolve(null) : metrics.podHealth({ namespace, service, at: now }),
  ]);
  return { service, errorRatio, latencyP99, requestRate, availability, restarts, baselineErrorRatio, baselineLatencyP99, baselineRequestRate, pods };
}

/** The error-ratio series of the recent window (for blips and flapping). */
export async function recentErrorRatios(options: { metrics: MetricsSource; namespace: string; service: string; now: Date }): Promise<(number | null)[]> {
  const start = new Date(options.now.getTime() - RECENT_WINDOW_SECONDS * 1000);
  const series = await options.metrics.serviceSeries({ namespace: options.namespace, service: options.service, metric: "error_ratio", start, end: options.now, stepSeconds: RECENT_STEP_SECONDS, windowSeconds: 60 });
  return series.points.map(([, v]) => v);
}
