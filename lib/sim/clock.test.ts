import { describe, expect, it } from "vitest";
import { SimClock } from "./clock";

describe("SimClock", () => {
  it("manual: advance fires due timers in time order, each seeing its own due time", () => {
    const clock = new SimClock({ mode: "manual", start: new Date(0) });
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.nowMs()}`), 2_000);
    clock.setTimeout(() => {
      seen.push(`a@${clock.nowMs()}`);
      clock.setTimeout(() => seen.push(`a2@${clock.nowMs()}`), 500);
    }, 1_000);
    const interval = clock.setInterval(() => seen.push(`i@${clock.nowMs()}`), 1_500);
    clock.advance(3_000);
    expect(seen).toEqual(["a@1000", "i@1500", "a2@1500", "b@2000", "i@3000"]);
    expect(clock.nowMs()).toBe(3_000);
    clock.clearTimer(interval);
    clock.advance(10_000);
    expect(seen).toHaveLength(5);
  });

  it("realtime: after the event loop stalls, late timers see their own due times, in order", async () => {
    const clock = new SimClock({ mode: "realtime", speed: 1_000, start: new Date(0) });
    const seen: number[] = [];
    clock.setTimeout(() => {
      seen.push(clock.nowMs());
      // What a late timer schedules must still land before later-due timers.
      clock.setTimeout(() => seen.push(clock.nowMs()), 1_000);
    }, 2_000);
    clock.setTimeout(() => seen.push(clock.nowMs()), 10_000);
    const stallUntil = Date.now() + 40; // 40 s of simulated time pass while nothing runs
    while (Date.now() < stallUntil) {
      // busy wait
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.stop();
    expect(seen.slice(0, 3)).toEqual([2_000, 3_000, 10_000]);
    expect(clock.nowMs()).toBeGreaterThanOrEqual(40_000);
  });

  it("setSpeed changes pace without a jump in simulated time", () => {
    const clock = new SimClock({ mode: "realtime", speed: 1, start: new Date(1_000_000) });
    const before = clock.nowMs();
    clock.setSpeed(100);
    expect(clock.nowMs() - before).toBeLessThan(100);
    expect(() => clock.setSpeed(0)).toThrow(/speed must be > 0/);
    expect(() => new SimClock({ mode: "manual" }).advance(1)).not.toThrow();
    expect(() => new SimClock({ mode: "realtime" }).advance(1)).toThrow(/manual/);
    clock.stop();
  });
});
