/**
 * What the engine measures health with: one call per checkpoint. `createHealthProbe` binds
 * `measureHealth` to a `MetricsSource` and a namespace; the pipeline can pass any other probe
 * (tests of the orchestration pass fakes).
 */
import { measureHealth, type HealthMeasurement, type ServiceToMeasure } from "../telemetry/measure-health";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import type { HealthTuning } from "../telemetry/health";

/** What to measure at one checkpoint. */
export interface HealthProbeRequest {
  /**
   * Services and whether each is expected to serve; the engine passes the "before" measurement's
   * `trafficExpectations` to the "after" one, so a service that stopped serving counts as down
   * rather than as idle.
   */
  services?: readonly ServiceToMeasure[];
}

/** Measures the transaction's namespace now. Throws when it cannot (the engine never judges on partial data). */
export interface HealthProbe {
  measure(request?: HealthProbeRequest): Promise<HealthMeasurement>;
}

/** Options of `createHealthProbe`. */
export interface CreateHealthProbeOptions {
  source: MetricsSource;
  namespace: string;
  /** The instant to measure at: the engine's clock (simulated time against the simulator). */
  now: () => Date;
  slos?: SloConfig;
  tuning?: Partial<HealthTuning>;
  windowSeconds?: number;
}

/** A probe over `measureHealth`. */
export function createHealthProbe(options: CreateHealthProbeOptions): HealthProbe {
  return {
    measure: (request = {}) =>
      measureHealth({
        source: options.source,
        namespace: options.namespace,
        at: options.now(),
        ...(request.services ? { services: request.services } : {}),
        ...(options.slos ? { slos: options.slos } : {}),
        ...(options.tuning ? { tuning: options.tuning } : {}),
        ...(options.windowSeconds ? { windowSeconds: options.windowSeconds } : {}),
      }),
  };
}
