/**
 * Request latency as a small mixture of shifted log-normal components, so traffic is simulated
 * per tick in aggregate (no per-request sampling) yet histograms and percentiles look real:
 * a network delay shifts a distribution, CPU queueing stretches it, timeouts add a point mass.
 */

/** One component: `weight` of the requests take `shiftSeconds + LogNormal(median, sigma)`. */
export interface LatencyComponent {
  weight: number;
  shiftSeconds: number;
  medianSeconds: number;
  /** Log-space standard deviation; 0 makes a point mass at shift + median. */
  sigma: number;
}

/** Prometheus' default histogram buckets (seconds), the ones client libraries ship with. */
export const LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Spread of a healthy service's latency (p99 is about 3x the median). */
export const DEFAULT_SIGMA = 0.45;

/** Abramowitz-Stegun 7.1.26 (error below 1.5e-7): plenty for bucket fractions. */
function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  return sign * y;
}

/** P(latency <= x) for one component. */
export function componentCdf(component: LatencyComponent, x: number): number {
  const rest = x - component.shiftSeconds;
  if (rest <= 0) return 0;
  if (component.sigma <= 0 || component.medianSeconds <= 0) return rest >= component.medianSeconds ? 1 : 0;
  const z = Math.log(rest / component.medianSeconds) / (component.sigma * Math.SQRT2);
  return 0.5 * (1 + erf(z));
}

/** Mean latency of a component (for the histogram's `_sum`). */
export function componentMean(component: LatencyComponent): number {
  return component.shiftSeconds + component.medianSeconds * Math.exp((component.sigma * component.sigma) / 2);
}

/** Fractions of requests at or below each bucket bound (cumulative, like `le` buckets), for a mixture. */
export function cumulativeBucketFractions(mixture: readonly LatencyComponent[], buckets: readonly number[] = LATENCY_BUCKETS): number[] {
  const total = mixture.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) return buckets.map(() => 0);
  return buckets.map((bound) => mixture.reduce((sum, c) => sum + c.weight * componentCdf(c, bound), 0) / total);
}

/** Weighted mean latency of a mixture. */
export function mixtureMean(mixture: readonly LatencyComponent[]): number {
  const total = mixture.reduce((sum, c) => sum + c.weight, 0);
  if (total <= 0) return 0;
  return mixture.reduce((sum, c) => sum + c.weight * componentMean(c), 0) / total;
}
