import "server-only";
/**
 * The web process's read access to telemetry, created on first use: the configured
 * `MetricsSource` (as the pipeline builds it in `lib/pipeline/create-app-pipeline.ts`), the SLOs,
 * and a reading of the cluster's clock. Kept on `globalThis` so every route bundle shares it.
 */
import { z } from "zod";
import { getEnv } from "../env";
import { fetchJson } from "./fetch-json";
import { createPrometheusMetricsSource } from "./prometheus-source";
import { createSimulatorMetricsSource } from "./simulator-source";
import type { SloConfig } from "./slo";
import type { MetricsSource } from "./types";

/** The cluster's clock at one instant: telemetry is stamped with it (the simulator's may run fast). */
export interface ClusterClockReading {
  /** The cluster's time. */
  now: Date;
  /** Wall clock (ms) when `now` was read. */
  wallMs: number;
  /** Cluster seconds per wall-clock second (1 without the simulator). */
  speed: number;
}

export interface Telemetry {
  source: MetricsSource;
  slos: SloConfig;
  readClock(): Promise<ClusterClockReading>;
}

const simulatorClockSchema = z.object({ now: z.iso.datetime(), speed: z.number().positive() }).loose();

const globalForTelemetry = globalThis as unknown as { agenticSreTelemetry?: Telemetry | null };

/** The app's telemetry, or null when no metrics source is configured (no simulator, no PROMETHEUS_URL). */
export function getTelemetry(): Telemetry | null {
  if (globalForTelemetry.agenticSreTelemetry !== undefined) return globalForTelemetry.agenticSreTelemetry;
  const env = getEnv();
  const metrics = env.metrics;
  let telemetry: Telemetry | null = null;
  if (metrics.source !== "none") {
    const source = metrics.source === "simulator" ? createSimulatorMetricsSource({ baseUrl: metrics.baseUrl }) : createPrometheusMetricsSource({ baseUrl: metrics.baseUrl });
    const slos: SloConfig = { services: env.sloOverrides as SloConfig["services"] };
    const clockUrl = metrics.source === "simulator" ? `${metrics.baseUrl.replace(/\/+$/, "")}/sim/v1/clock` : null;
    telemetry = {
      source,
      slos,
      async readClock() {
        const wallMs = Date.now();
        if (!clockUrl) return { now: new Date(wallMs), wallMs, speed: 1 };
        const body = simulatorClockSchema.parse(await fetchJson(clockUrl, { source: "simulator", fetch, timeoutMs: 2_000 }));
        return { now: new Date(body.now), wallMs, speed: body.speed };
      },
    };
  }
  globalForTelemetry.agenticSreTelemetry = telemetry;
  return telemetry;
}
