/**
 * The time the engine waits on: the stabilization window. Real time in production; simulated
 * time against the simulator, so a demo on an accelerated clock or a test on a manual one waits
 * for simulated seconds, not wall-clock ones.
 */
import type { SimClock } from "../sim/clock";

/** Time as the engine sees it. */
export interface Clock {
  /** Now, for verdict timestamps and health measurements. */
  now(): Date;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time (production). */
export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * The simulator's clock. `sleep` resolves when the simulated timer fires: by itself on a
 * realtime (or accelerated) clock; on a manual clock only when someone advances it (tests do,
 * see `testing/stepped-sim-clock.ts`).
 */
export function simulatedClock(simClock: SimClock): Clock {
  return {
    now: () => simClock.now(),
    sleep: (ms) => new Promise((resolve) => void simClock.setTimeout(() => resolve(), Math.max(0, ms))),
  };
}
