/**
 * A `Clock` on a manual simulator clock that moves time itself while the engine sleeps: the
 * engine's `sleep` waits on the simulator's own timer (`simulatedClock`), and this drives the
 * clock in 1 s steps, letting the controllers, kubelet and traffic ticks run, until it fires.
 */
import type { SimClock } from "../../sim/clock";
import type { RunningControllers } from "../../sim/controllers";
import { simulatedClock, type Clock } from "../clock";

/** What it needs from a simulator (`Simulator` fits). */
export interface SteppableSimulator {
  clock: SimClock;
  controllers: RunningControllers | undefined;
}

/** Move simulated time by whole seconds, yielding so HTTP requests in flight are served. */
export async function stepSeconds(sim: SteppableSimulator, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    sim.clock.advance(1000);
    sim.controllers?.reconcileNow();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The engine's clock in tests: sleeping advances simulated time until the timer fires. */
export function steppedSimClock(sim: SteppableSimulator): Clock {
  const onSimTime = simulatedClock(sim.clock);
  return {
    now: onSimTime.now,
    async sleep(ms) {
      let woke = false;
      const waking = onSimTime.sleep(ms).then(() => {
        woke = true;
      });
      while (!woke) await stepSeconds(sim, 1);
      await waking;
    },
  };
}
