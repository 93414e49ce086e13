/**
 * Reading a transaction's target out of health measurements and comparisons: its score (the
 * number the lifecycle events and the verdict carry) and which scopes regressed.
 */
import type { HealthComparison } from "../telemetry/compare-health";
import type { HealthMeasurement } from "../telemetry/measure-health";

/** H of the target service, or of the namespace when there is no target service; null if not measured. */
export function targetScore(measurement: HealthMeasurement | null, service: string | undefined): number | null {
  if (!measurement) return null;
  if (service === undefined) return measurement.score;
  return measurement.services.find((s) => s.service === service)?.score ?? null;
}

/** Services (and the namespace, when it is the target) that lost more than the tolerance. */
export function regressedScopes(comparison: HealthComparison, options: { tolerance: number; namespace: string; target: string | undefined }): string[] {
  const scopes = Object.entries(comparison.deltas.services)
    .filter(([, delta]) => -delta > options.tolerance)
    .map(([service]) => service);
  if (options.target === undefined && -comparison.deltas.namespace > options.tolerance) scopes.unshift(`namespace ${options.namespace}`);
  if (options.target !== undefined && !(options.target in comparison.deltas.services)) scopes.unshift(options.target);
  return scopes;
}
