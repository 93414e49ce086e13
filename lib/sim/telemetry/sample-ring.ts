/**
 * Bounded time-series storage: every registry series sampled at a fixed simulated resolution
 * into a ring (the newest `capacity` samples), like a small Prometheus TSDB head block. Series
 * not seen for a whole ring are dropped, so pod churn does not grow memory.
 */
import type { MetricRegistry } from "./metric-registry";

/** Default resolution of stored samples, in simulated ms. */
export const SAMPLE_INTERVAL_MS = 10_000;
/** Default number of samples kept: two hours at 10 s. */
export const SAMPLE_CAPACITY = 720;

/** Identity of a stored series. */
export interface StoredSeries {
  key: string;
  sample: string;
  labels: Readonly<Record<string, string>>;
  values: Float64Array;
  /** Sample number (monotonic) of the last sample that had this series. */
  lastSeen: number;
}

/** Ring of samples. */
export class SampleRing {
  readonly capacity: number;
  private readonly times: Float64Array;
  /** Monotonic number of the next sample; slot = number % capacity. */
  private next = 0;
  private readonly stored = new Map<string, StoredSeries>();

  constructor(capacity = SAMPLE_CAPACITY) {
    this.capacity = capacity;
    this.times = new Float64Array(capacity).fill(Number.NaN);
  }

  /** Copy the registry's exposed values as one sample at `atMs`. */
  record(atMs: number, registry: MetricRegistry): void {
    const number = this.next++;
    const slot = number % this.capacity;
    this.times[slot] = atMs;
    for (const { series } of registry.familiesWithSeries()) {
      for (const entry of series) {
        let stored = this.stored.get(entry.key);
        if (!stored) {
          stored = { key: entry.key, sample: entry.sample, labels: entry.labels, values: new Float64Array(this.capacity).fill(Number.NaN), lastSeen: number };
          this.stored.set(entry.key, stored);
        }
        stored.values[slot] = registry.exposedValue(entry);
        stored.lastSeen = number;
      }
    }
    for (const [key, stored] of this.stored) {
      if (stored.lastSeen !== number) {
        stored.values[slot] = Number.NaN;
        if (number - stored.lastSeen >= this.capacity) this.stored.delete(key);
      }
    }
  }

  /** Number of samples recorded so far (including overwritten ones). */
  get sampleCount(): number {
    return this.next;
  }

  /** Time of the newest sample, or undefined before the first. */
  get latestMs(): number | undefined {
    return this.next === 0 ? undefined : this.times[(this.next - 1) % this.capacity];
  }

  /** Time of the oldest sample still kept. */
  get oldestMs(): number | undefined {
    if (this.next === 0) return undefined;
    return this.times[this.next <= this.capacity ? 0 : this.next % this.capacity];
  }

  /** Slot of the newest sample at or before `atMs` (within the ring), or undefined. */
  slotAt(atMs: number): number | undefined {
    if (this.next === 0) return undefined;
    let lo = Math.max(0, this.next - this.capacity);
    let hi = this.next - 1;
    if ((this.times[lo % this.capacity] ?? Infinity) > atMs) return undefined;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((this.times[mid % this.capacity] ?? Infinity) <= atMs) lo = mid;
      else hi = mid - 1;
    }
    return lo % this.capacity;
  }

  /** Time of a slot. */
  timeOfSlot(slot: number): number {
    return this.times[slot] ?? Number.NaN;
  }

  /** Series whose sample name is `sample` and whose labels include `match`. */
  select(sample: string, match: Readonly<Record<string, string>> = {}): StoredSeries[] {
    const out: StoredSeries[] = [];
    for (const stored of this.stored.values()) {
      if (stored.sample !== sample) continue;
      let ok = true;
      for (const [name, value] of Object.entries(match)) {
        if (stored.labels[name] !== value) {
          ok = false;
          break;
        }
      }
      if (ok) out.push(stored);
    }
    return out;
  }

  /** Number of series stored. */
  get seriesCount(): number {
    return this.stored.size;
  }
}
