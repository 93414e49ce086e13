/**
 * How many requests per second the shop's users send: a daily pattern (quiet at night, a peak
 * in the evening) times seeded noise, as a load generator replaying real traffic would.
 */
import type { SeededRandom } from "../rng";

/** Options of `LoadProfile`. */
export interface LoadProfileOptions {
  /** Requests per second at the daily peak. */
  peakRps: number;
  /** Share of the peak at the quietest hour (0..1). */
  nightFactor?: number;
  /** Relative standard deviation of per-tick noise. */
  noise?: number;
  rng: SeededRandom;
}

/** Hour of the day (UTC) with the most traffic. */
const PEAK_HOUR = 19;

/** User request rate over time. */
export class LoadProfile {
  private readonly nightFactor: number;
  private readonly noise: number;
  /** Slow drift (AR(1)) so that the rate wanders like real traffic instead of jittering around a curve. */
  private drift = 0;

  constructor(private readonly options: LoadProfileOptions) {
    this.nightFactor = options.nightFactor ?? 0.35;
    this.noise = options.noise ?? 0.06;
  }

  /** The smooth daily curve at `nowMs`, in requests per second. */
  expectedRps(nowMs: number): number {
    const hours = (nowMs / 3_600_000) % 24;
    const phase = ((hours - PEAK_HOUR) / 24) * 2 * Math.PI;
    const shape = (1 + Math.cos(phase)) / 2;
    return this.options.peakRps * (this.nightFactor + (1 - this.nightFactor) * shape);
  }

  /** One tick's rate: the curve with drift and noise (never negative). */
  sampleRps(nowMs: number): number {
    this.drift = 0.97 * this.drift + this.options.rng.normal(0, this.noise * 0.25);
    const factor = 1 + this.drift + this.options.rng.normal(0, this.noise);
    return Math.max(0, this.expectedRps(nowMs) * factor);
  }
}
