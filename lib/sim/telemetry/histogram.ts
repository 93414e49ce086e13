/**
 * `histogram_quantile` as Prometheus computes it from cumulative `le` buckets: linear
 * interpolation inside the bucket holding the rank, the lower bound of the first bucket taken as
 * 0, and the highest finite bound returned when the rank falls in the +Inf bucket.
 */

/** One cumulative bucket: observations at or below `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/** The q-quantile (0..1) of a histogram, or undefined when it is empty. */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const last = sorted[sorted.length - 1];
  if (!last || last.le !== Infinity || sorted.length < 2) return undefined;
  // Counters sampled at slightly different instants can break monotonicity: enforce it as Prometheus does.
  for (let i = 1; i < sorted.length; i++) sorted[i] = { le: sorted[i]!.le, count: Math.max(sorted[i]!.count, sorted[i - 1]!.count) };
  const total = last.count;
  if (!(total > 0)) return undefined;
  const rank = q * total;
  let index = sorted.findIndex((b) => b.count >= rank);
  if (index < 0) index = sorted.length - 1;
  const bucket = sorted[index]!;
  if (bucket.le === Infinity) return sorted[sorted.length - 2]!.le;
  const lowerBound = index === 0 ? 0 : sorted[index - 1]!.le;
  const lowerCount = index === 0 ? 0 : sorted[index - 1]!.count;
  const inBucket = bucket.count - lowerCount;
  if (inBucket <= 0) return bucket.le;
  return lowerBound + (bucket.le - lowerBound) * ((rank - lowerCount) / inBucket);
}
