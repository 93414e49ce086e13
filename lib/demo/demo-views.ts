/**
 * What the demo routes return, and the clock speeds offered: plain types and constants with no
 * server code, so the fault panel (a client component) imports the same definitions.
 */

/** Clock speeds offered to a visitor (simulated seconds per wall-clock second); the API accepts any in (0, 10000]. */
export const DEMO_CLOCK_SPEEDS = [1, 5, 10, 30, 60] as const;

/** A scenario as the panel shows it: no ground truth (the agents must find the cause, not read it). */
export interface DemoScenario {
  name: string;
  title: string;
  description: string;
}

export interface DemoClock {
  now: string;
  mode: "realtime" | "manual";
  speed: number;
}

/** What the panel needs to draw itself. */
export interface DemoState {
  scenarios: DemoScenario[];
  /** Scenarios injected since the last reset, oldest first. */
  injected: { name: string; injectedAt: string; fixedAt: string | null }[];
  clock: DemoClock;
}
