import "server-only";
import type { Env } from "../env";
import { createPrometheusMetricsSource } from "../telemetry/prometheus-source";
import { createSimulatorMetricsSource } from "../telemetry/simulator-source";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";

/** The metrics source and SLOs a postmortem's error budget is measured with. */
export interface PostmortemTelemetry {
  metrics: MetricsSource | null;
  slos: SloConfig;
}

/**
 * The configured telemetry (the simulator's query API or Prometheus, as the pipeline uses), or
 * no source when none is configured (the draft then reports the error budget as unknown).
 */
export function postmortemTelemetry({ env }: { env: Env }): PostmortemTelemetry {
  const slos: SloConfig = { services: env.sloOverrides as SloConfig["services"] };
  if (env.metrics.source === "simulator") return { metrics: createSimulatorMetricsSource({ baseUrl: env.metrics.baseUrl }), slos };
  if (env.metrics.source === "prometheus") return { metrics: createPrometheusMetricsSource({ baseUrl: env.metrics.baseUrl }), slos };
  return { metrics: null, slos };
}
