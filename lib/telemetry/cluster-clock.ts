import "server-only";
import { z } from "zod";
import type { Clock } from "../tnr/clock";

/** How often the simulator's clock is read again (its speed can be changed at any time). */
export const CLOCK_SYNC_INTERVAL_MS = 5_000;

const simulatorClockSchema = z.object({ now: z.iso.datetime(), mode: z.enum(["realtime", "manual"]), speed: z.number().positive() });

export interface ClusterClock extends Clock {
  /** Stops background syncing. */
  stop(): void;
}

/**
 * The cluster's time as the agents and TNR must see it. With the built-in simulator running
 * accelerated, its clock runs ahead of the wall clock: telemetry queries and the stabilization
 * window must use simulated time, so it is read from `/sim/v1/clock` and extrapolated between
 * syncs. Without a simulator, it is the wall clock.
 */
export async function createClusterClock(options: { simulatorUrl?: string; fetch?: typeof fetch }): Promise<ClusterClock> {
  if (!options.simulatorUrl) return { now: () => new Date(), sleep: (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms))), stop: () => {} };
  const fetchImpl = options.fetch ?? fetch;
  const url = `${options.simulatorUrl.replace(/\/+$/, "")}/sim/v1/clock`;
  let anchor = { simMs: Date.now(), wallMs: Date.now(), speed: 1 };
  const sync = async () => {
    try {
      const response = await fetchImpl(url, { signal: AbortSignal.timeout(2_000) });
      if (!response.ok) return;
      const body = simulatorClockSchema.parse(await response.json());
      anchor = { simMs: Date.parse(body.now), wallMs: Date.now(), speed: body.speed };
    } catch {
      // Keep extrapolating from the last reading; the next sync may succeed.
    }
  };
  await sync();
  const timer = setInterval(() => void sync(), CLOCK_SYNC_INTERVAL_MS);
  timer.unref?.();
  const nowMs = () => anchor.simMs + (Date.now() - anchor.wallMs) * anchor.speed;
  return {
    now: () => new Date(nowMs()),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / anchor.speed)),
    stop: () => clearInterval(timer),
  };
}
