/**
 * The simulated cluster's one clock. Real time by default, an acceleration factor for demos
 * and benchmarks, and a manual mode where time moves only through `advance()` (tests).
 * Every timestamp and every timer in `lib/sim` goes through it, never `Date.now()` directly.
 */
export type ClockMode = "realtime" | "manual";

export interface ClockOptions {
  mode?: ClockMode;
  /** Simulated seconds per wall-clock second in realtime mode (1 = real time). */
  speed?: number;
  /** Start instant of simulated time (defaults to the wall clock at creation). */
  start?: Date;
}

interface Timer {
  id: number;
  dueAt: number;
  intervalMs: number | null;
  callback: () => void;
}

export class SimClock {
  private mode: ClockMode;
  private speedFactor: number;
  /** Simulated ms at the last anchor. */
  private anchorSimMs: number;
  /** Wall ms at the last anchor (realtime mode only). */
  private anchorWallMs: number;
  private timers = new Map<number, Timer>();
  private nextTimerId = 1;
  private wallTimer: NodeJS.Timeout | null = null;
  private firing = false;
  /**
   * While realtime timers catch up after the event loop stalled, each one sees its own due time,
   * not the wall-derived present: otherwise a timer due at t=2 s that runs late would see t=35 s,
   * and what it schedules would land after checks that were due before it (a progress deadline
   * overtaking an image pull that should have failed first).
   */
  private firingAtMs: number | null = null;

  constructor(options: ClockOptions = {}) {
    this.mode = options.mode ?? "realtime";
    this.speedFactor = options.speed ?? 1;
    if (!(this.speedFactor > 0)) throw new Error(`clock speed must be > 0, got ${this.speedFactor}`);
    this.anchorSimMs = (options.start ?? new Date()).getTime();
    this.anchorWallMs = Date.now();
  }

  /** Simulated epoch milliseconds. */
  nowMs(): number {
    if (this.mode === "manual") return this.anchorSimMs;
    if (this.firingAtMs !== null) return this.firingAtMs;
    return this.anchorSimMs + (Date.now() - this.anchorWallMs) * this.speedFactor;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** RFC 3339 with second precision, as Kubernetes writes timestamps. */
  nowRfc3339(): string {
    return new Date(Math.floor(this.nowMs() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  }

  get speed(): number {
    return this.speedFactor;
  }

  get clockMode(): ClockMode {
    return this.mode;
  }

  /** Change the acceleration factor without a jump in simulated time. */
  setSpeed(speed: number): void {
    if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
    this.reanchor();
    this.speedFactor = speed;
    this.rearm();
  }

  /** Run `callback` once after `delayMs` of simulated time. */
  setTimeout(callback: () => void, delayMs: number): number {
    return this.addTimer(callback, delayMs, null);
  }

  /** Run `callback` every `intervalMs` of simulated time. */
  setInterval(callback: () => void, intervalMs: number): number {
    if (!(intervalMs > 0)) throw new Error(`interval must be > 0, got ${intervalMs}`);
    return this.addTimer(callback, intervalMs, intervalMs);
  }

  clearTimer(id: number): void {
    this.timers.delete(id);
    this.rearm();
  }

  /**
   * Manual mode: move simulated time forward by `ms`, firing due timers in time order
   * (a timer due at t sees `nowMs() === t`). Not allowed in realtime mode.
   */
  advance(ms: number): void {
    if (this.mode !== "manual") throw new Error("advance() needs a manual clock");
    const target = this.anchorSimMs + ms;
    for (;;) {
      const next = this.nextDue();
      if (!next || next.dueAt > target) break;
      this.anchorSimMs = Math.max(this.anchorSimMs, next.dueAt);
      this.fire(next);
    }
    this.anchorSimMs = target;
  }

  /** Stop all timers (the simulator is shutting down). */
  stop(): void {
    this.timers.clear();
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.wallTimer = null;
  }

  private addTimer(callback: () => void, delayMs: number, intervalMs: number | null): number {
    const id = this.nextTimerId++;
    this.timers.set(id, { id, dueAt: this.nowMs() + Math.max(0, delayMs), intervalMs, callback });
    this.rearm();
    return id;
  }

  private nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers.values()) {
      if (!best || t.dueAt < best.dueAt || (t.dueAt === best.dueAt && t.id < best.id)) best = t;
    }
    return best;
  }

  private fire(timer: Timer): void {
    if (timer.intervalMs === null) this.timers.delete(timer.id);
    else timer.dueAt += timer.intervalMs;
    timer.callback();
  }

  private reanchor(): void {
    this.anchorSimMs = this.nowMs();
    this.anchorWallMs = Date.now();
  }

  /** Realtime mode: one wall-clock timeout for the earliest simulated deadline. */
  private rearm(): void {
    if (this.mode !== "realtime" || this.firing) return;
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.wallTimer = null;
    const next = this.nextDue();
    if (!next) return;
    const wallDelay = Math.max(0, (next.dueAt - this.nowMs()) / this.speedFactor);
    this.wallTimer = setTimeout(() => this.onWallTimer(), Math.min(wallDelay, 2 ** 31 - 1));
    this.wallTimer.unref?.();
  }

  private onWallTimer(): void {
    this.wallTimer = null;
    this.firing = true;
    try {
      const now = this.nowMs();
      for (;;) {
        const next = this.nextDue();
        if (!next || next.dueAt > now) break;
        this.firingAtMs = Math.max(this.firingAtMs ?? next.dueAt, next.dueAt);
        this.fire(next);
      }
    } finally {
      this.firingAtMs = null;
      this.firing = false;
      this.rearm();
    }
  }
}
