/**
 * `MetricsSource`: the app's only way to read telemetry. Two implementations answer it, the
 * simulator's query API (`simulator-source.ts`) and a real Prometheus (`prometheus-source.ts`);
 * everything above (health, tools, charts) is written against this interface.
 */
import type { EdgeMetric, ServiceMetric } from "./metric-names";

/** One point: unix seconds and value; `null` is a gap (no data, or NaN/Inf from the server). */
export type SeriesPoint = [unixSeconds: number, value: number | null];

/** A range of one metric, on the grid `start, start + step, ... <= end`. */
export interface MetricSeries {
  metric: ServiceMetric | EdgeMetric;
  target: { kind: "service"; namespace: string; service: string } | { kind: "edge"; namespace: string; from: string; to: string };
  stepSeconds: number;
  windowSeconds: number;
  points: SeriesPoint[];
}

/** Shared fields of a range query. */
export interface RangeQueryBase {
  namespace: string;
  start: Date;
  end: Date;
  /** Seconds between points. */
  stepSeconds: number;
  /** Rate window in seconds (default 60). */
  windowSeconds?: number;
  /** Cancels the request (on top of the source's own timeout). */
  signal?: AbortSignal;
}

/** Range query of one service metric. */
export interface ServiceSeriesQuery extends RangeQueryBase {
  service: string;
  metric: ServiceMetric;
}

/** Range query of one edge (caller `from` -> callee `to`) metric. */
export interface EdgeSeriesQuery extends RangeQueryBase {
  from: string;
  to: string;
  metric: EdgeMetric;
}

/** One value at one instant, for a service or an edge. */
export type InstantQuery =
  | { namespace: string; service: string; metric: ServiceMetric; at: Date; windowSeconds?: number; signal?: AbortSignal }
  | { namespace: string; from: string; to: string; metric: EdgeMetric; at: Date; windowSeconds?: number; signal?: AbortSignal };

/** State of a service's workload and pods at one instant (kube-state-metrics' view). */
export interface PodHealth {
  /** `spec.replicas` of the Deployment named like the service; null when there is no such Deployment. */
  desiredReplicas: number | null;
  /** Available replicas of that Deployment. */
  availableReplicas: number | null;
  /** Pods carrying the service's app label. */
  pods: number;
  /** Pods whose Ready condition is not True (this includes pending and crash-looping ones). */
  notReady: number;
  /** Pods in phase Pending (unscheduled, pulling, or waiting on config). */
  pending: number;
  /** Containers waiting in CrashLoopBackOff. */
  crashLooping: number;
  /** Waiting containers by reason (ImagePullBackOff, CreateContainerConfigError, ...). */
  waitingReasons: Record<string, number>;
}

/** Query of a service's pod health. */
export interface PodHealthQuery {
  namespace: string;
  service: string;
  /** Instant to read at (the simulator source can only read "now"; see its docs). */
  at: Date;
  signal?: AbortSignal;
}

/** Read-only access to a cluster's telemetry. Every result is validated before it is returned. */
export interface MetricsSource {
  /** Which implementation this is, for messages and measurements ("simulator" | "prometheus"). */
  readonly kind: string;
  serviceSeries(query: ServiceSeriesQuery): Promise<MetricSeries>;
  edgeSeries(query: EdgeSeriesQuery): Promise<MetricSeries>;
  /** One value at `at` (null when there is no data). */
  instant(query: InstantQuery): Promise<number | null>;
  /** Pods and replicas of one service at `at`. */
  podHealth(query: PodHealthQuery): Promise<PodHealth>;
  /** Services with request metrics in a namespace, sorted. */
  listServices(namespace: string, options?: { signal?: AbortSignal }): Promise<string[]>;
}
