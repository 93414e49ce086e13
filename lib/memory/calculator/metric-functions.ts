/**
 * SRE arithmetic the calculator exposes, also usable directly: error-budget burn rate, SLO
 * attainment, percent change and rates from counters (with Prometheus' counter-reset rule).
 * Every function validates its inputs and throws `CalculatorError` with the argument's name.
 */
import { CalculatorError } from "./calculator-error";

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new CalculatorError(`${name} must be a finite number, got ${value}`);
  return value;
}

function sloFraction(slo: number): number {
  finite("slo", slo);
  if (!(slo > 0 && slo < 1)) throw new CalculatorError(`slo must be between 0 and 1 exclusive (write 99.9% or 0.999), got ${slo}`);
  return slo;
}

function ratio(name: string, value: number): number {
  finite(name, value);
  if (value < 0 || value > 1) throw new CalculatorError(`${name} must be a ratio between 0 and 1 (write 2% or 0.02), got ${value}`);
  return value;
}

export interface BurnRateOptions {
  /** Observed error ratio over the window, 0..1. */
  errorRatio: number;
  /** The objective, 0..1 exclusive (0.999 for 99.9%). */
  slo: number;
}

/**
 * How fast the error budget burns: observed error ratio / allowed error ratio (1 - slo). 1 spends
 * the budget exactly over the SLO window; 14.4 spends a 30-day budget's 2% in one hour.
 */
export function burnRate({ errorRatio, slo }: BurnRateOptions): number {
  return ratio("error_ratio", errorRatio) / (1 - sloFraction(slo));
}

export type ErrorBudgetRemainingOptions = BurnRateOptions;

/** Share of the error budget left after a window with this error ratio (negative: overspent). */
export function errorBudgetRemaining({ errorRatio, slo }: ErrorBudgetRemainingOptions): number {
  return 1 - burnRate({ errorRatio, slo });
}

export interface SloAttainmentOptions {
  good: number;
  total: number;
}

/** good / total, the SLI over a window (0..1). */
export function sloAttainment({ good, total }: SloAttainmentOptions): number {
  finite("good", good);
  finite("total", total);
  if (good < 0 || total < 0) throw new CalculatorError("good and total must not be negative");
  if (total === 0) throw new CalculatorError("total is 0: attainment is undefined without events");
  if (good > total) throw new CalculatorError(`good (${good}) cannot exceed total (${total})`);
  return good / total;
}

export interface PercentChangeOptions {
  from: number;
  to: number;
}

/** (to - from) / |from| x 100. */
export function percentChange({ from, to }: PercentChangeOptions): number {
  finite("from", from);
  finite("to", to);
  if (from === 0) throw new CalculatorError("percent change from 0 is undefined (division by zero)");
  return ((to - from) / Math.abs(from)) * 100;
}

/** One counter sample: seconds and value. */
export interface CounterSample {
  t: number;
  v: number;
}

export interface CounterIncreaseOptions {
  /** Samples in time order. */
  samples: readonly CounterSample[];
}

/**
 * Total increase of a counter across samples. A drop means the process restarted and the counter
 * began again from 0, so the increase over that step is the new value (Prometheus' rule).
 */
export function counterIncrease({ samples }: CounterIncreaseOptions): number {
  if (samples.length < 2) throw new CalculatorError(`a counter increase needs at least 2 samples, got ${samples.length}`);
  let increase = 0;
  samples.forEach((sample, i) => {
    finite(`sample ${i + 1} value`, sample.v);
    finite(`sample ${i + 1} time`, sample.t);
    if (sample.v < 0) throw new CalculatorError(`sample ${i + 1}: a counter cannot be negative (${sample.v})`);
    if (i === 0) return;
    const previous = samples[i - 1]!;
    if (sample.t <= previous.t) throw new CalculatorError(`sample ${i + 1}: times must increase (${previous.t} then ${sample.t})`);
    increase += sample.v >= previous.v ? sample.v - previous.v : sample.v;
  });
  return increase;
}

/** Per-second rate of a counter: its increase (resets handled) over the time the samples span. */
export function counterRate({ samples }: CounterIncreaseOptions): number {
  const increase = counterIncrease({ samples });
  return increase / (samples[samples.length - 1]!.t - samples[0]!.t);
}
