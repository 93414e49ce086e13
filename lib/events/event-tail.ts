/**
 * One shared poller over an append-only log whose rows have increasing integer ids (the incident
 * event log). The database is the source of truth: events are written by the web process, by
 * `npm run worker` processes and by other hosts sharing one PostgreSQL, so nothing in memory can
 * know about them all. Every subscriber (an SSE connection) registers its resume point; one query
 * `id > lowest point` per tick serves them all, and each gets exactly the rows it has not had, in
 * id order, with no gap and no duplicate.
 *
 * Late commits. On SQLite there is one writer at a time, so ids become visible in id order. On
 * PostgreSQL a sequence hands out ids at insert time and transactions commit in any order: id 10
 * can become visible after id 11 has been read. The tail therefore keeps re-reading the last
 * `lateCommitGraceMs` of ids it has seen (the "settling" window) and remembers which of them each
 * subscriber already received; a row that commits late inside that window is still delivered
 * (after its higher-numbered neighbour). Rows are final once the highest id seen at a poll at
 * least `lateCommitGraceMs` old is below them (the floor).
 *
 * Framework-free and clock-injectable; tests drive `pollOnce` directly.
 */

/** Default interval between polls while anyone is subscribed. */
export const DEFAULT_TAIL_INTERVAL_MS = 100;
/** How long an id range stays re-read for transactions that commit out of id order (PostgreSQL). */
export const DEFAULT_LATE_COMMIT_GRACE_MS = 2_000;
/** Rows per query; a tick pages on until a short page (bounded by `MAX_PAGES_PER_POLL`). */
export const DEFAULT_TAIL_BATCH = 500;
/** Pages read in one tick; a larger backlog continues on the next tick, in order. */
export const MAX_PAGES_PER_POLL = 20;

/** A log row: only its id matters to the tail. */
export interface TailRow {
  id: number;
}

export interface EventTailOptions<Row extends TailRow> {
  /** Rows with `id > afterId`, ascending by id, at most `limit`. */
  fetchAfter: (afterId: number, limit: number) => Promise<Row[]>;
  intervalMs?: number;
  lateCommitGraceMs?: number;
  batchSize?: number;
  /** Wall clock in ms (tests inject one). */
  now?: () => number;
  /** A failed poll; the tail retries on the next tick. */
  onError?: (error: unknown) => void;
  /** The last subscriber left and the loop stopped (the registry drops the tail). */
  onIdle?: () => void;
  /** No background loop: the caller drives `pollOnce` (deterministic tests). */
  manual?: boolean;
}

/** What a subscriber registers. */
export interface TailSubscriberOptions<Row extends TailRow> {
  /** Deliver rows with an id above this (0: the whole log). */
  afterId: number;
  /** Called with new rows in id order (never empty, never a row twice). */
  deliver: (rows: Row[]) => void;
}

interface Subscriber<Row extends TailRow> {
  afterId: number;
  /** Highest id delivered (or `afterId`). */
  cursor: number;
  /** Ids delivered above the floor: the ones a late re-read must not deliver again. */
  recent: Set<number>;
  deliver: (rows: Row[]) => void;
}

/** The shared poller of one log. Polls only while it has subscribers. */
export class EventTail<Row extends TailRow> {
  private readonly subscribers = new Set<Subscriber<Row>>();
  private readonly options: Required<Omit<EventTailOptions<Row>, "onError" | "onIdle">> & Pick<EventTailOptions<Row>, "onError" | "onIdle">;
  /** (time, highest id seen) after each poll, oldest first; the floor is read from it. */
  private history: { at: number; maxSeen: number }[] = [];
  private maxSeen = 0;
  private running = false;
  private wake: (() => void) | null = null;
  private nudged = false;
  /** Polls completed (tests and benchmarks read it to check that subscribers share one poller). */
  polls = 0;

  constructor(options: EventTailOptions<Row>) {
    this.options = {
      intervalMs: DEFAULT_TAIL_INTERVAL_MS,
      lateCommitGraceMs: DEFAULT_LATE_COMMIT_GRACE_MS,
      batchSize: DEFAULT_TAIL_BATCH,
      now: Date.now,
      manual: false,
      ...options,
    };
  }

  /** Subscribers right now. */
  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Registers a subscriber and starts the loop if it was idle. Returns the unsubscribe function
   * (idempotent); the loop stops after the last one leaves.
   */
  subscribe({ afterId, deliver }: TailSubscriberOptions<Row>): () => void {
    const subscriber: Subscriber<Row> = { afterId, cursor: afterId, recent: new Set(), deliver };
    this.subscribers.add(subscriber);
    // A newcomer wants its backlog now, not after the current sleep.
    this.nudge();
    if (!this.running && !this.options.manual) void this.loop();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.nudge();
    };
  }

  /** Polls at once instead of waiting for the interval (a writer in this process just appended). */
  nudge(): void {
    this.nudged = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  /** Highest id seen at a poll at least the grace period ago: rows at or below it are final. */
  private floor(): number | null {
    const cutoff = this.options.now() - this.options.lateCommitGraceMs;
    let floor: number | null = null;
    let keepFrom = 0;
    for (let i = 0; i < this.history.length; i++) {
      const entry = this.history[i]!;
      if (entry.at > cutoff) break;
      floor = entry.maxSeen;
      keepFrom = i;
    }
    // Older entries than the one in use will never be needed again.
    if (keepFrom > 0) this.history = this.history.slice(keepFrom);
    return floor;
  }

  /** One poll: read what any subscriber may still need, deliver to each what it has not had. */
  async pollOnce(): Promise<void> {
    if (this.subscribers.size === 0) return;
    const floor = this.floor();
    let lower = Number.POSITIVE_INFINITY;
    for (const s of this.subscribers) lower = Math.min(lower, floor === null ? s.afterId : Math.max(s.afterId, Math.min(s.cursor, floor)));

    const rows: Row[] = [];
    let from = lower;
    for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
      const batch = await this.options.fetchAfter(from, this.options.batchSize);
      rows.push(...batch);
      if (batch.length < this.options.batchSize) break;
      from = batch[batch.length - 1]!.id;
    }
    this.polls += 1;
    for (const row of rows) if (row.id > this.maxSeen) this.maxSeen = row.id;
    this.history.push({ at: this.options.now(), maxSeen: this.maxSeen });

    for (const s of [...this.subscribers]) {
      if (floor !== null) for (const id of s.recent) if (id <= floor) s.recent.delete(id);
      const fresh = rows.filter((row) => row.id > s.afterId && !s.recent.has(row.id) && (row.id > s.cursor || floor === null || row.id > floor));
      if (fresh.length === 0) continue;
      for (const row of fresh) {
        s.recent.add(row.id);
        if (row.id > s.cursor) s.cursor = row.id;
      }
      // A subscriber that throws must not starve the others.
      try {
        s.deliver(fresh);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.subscribers.size > 0) {
        this.nudged = false;
        try {
          await this.pollOnce();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (this.subscribers.size === 0) break;
        if (this.nudged) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            this.wake = null;
            resolve();
          }, this.options.intervalMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      this.running = false;
      this.history = [];
      if (this.subscribers.size > 0) void this.loop();
      else this.options.onIdle?.();
    }
  }
}
