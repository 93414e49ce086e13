/**
 * Keeps a built value (the graph of a namespace, with its health) per namespace fresh: rebuilt in
 * the background on an interval while someone keeps asking for it, and on demand. Cost is
 * bounded three ways: one build per namespace in flight at a time (callers share it), on-demand
 * rebuilds no more often than `minRebuildIntervalMs`, and at most `maxNamespaces` kept, the
 * least recently asked-for dropped first. Namespaces nobody asked for in `idleMs` stop being
 * refreshed. Framework-free; the app's singleton lives in `app-graph.ts`.
 */

/** Background rebuild interval unless told otherwise. */
export const DEFAULT_GRAPH_REFRESH_INTERVAL_MS = 30_000;
/** On-demand rebuilds of one namespace at most this often. */
export const DEFAULT_MIN_REBUILD_INTERVAL_MS = 5_000;
/** Namespaces kept at most. */
export const DEFAULT_MAX_GRAPH_NAMESPACES = 8;
/** A namespace nobody asked for in this long is no longer refreshed in the background. */
export const DEFAULT_GRAPH_IDLE_MS = 10 * 60_000;

/** Options of `GraphRefresher`. */
export interface GraphRefresherOptions<T> {
  /** Builds the value of a namespace; `previous` is the last one built (to reuse what it learned). */
  build: (namespace: string, previous: T | undefined) => Promise<T>;
  intervalMs?: number;
  minRebuildIntervalMs?: number;
  maxNamespaces?: number;
  idleMs?: number;
  /** Wall clock in ms (tests pass their own). */
  now?: () => number;
  /** Told about background rebuilds that failed (the last good value is kept). */
  onError?: (namespace: string, error: unknown) => void;
}

/** Options of `GraphRefresher.get`. */
export interface GetGraphOptions {
  /** Rebuild now unless the value is younger than the minimum rebuild interval. */
  refresh?: boolean;
}

/** A value with when it was built. */
export interface Refreshed<T> {
  value: T;
  /** Wall-clock ms of the build. */
  builtAtMs: number;
}

interface Entry<T> {
  current?: Refreshed<T>;
  inflight?: Promise<Refreshed<T>>;
  lastRequestedMs: number;
}

/** Per-namespace cache with background and on-demand rebuilds. */
export class GraphRefresher<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly intervalMs: number;
  private readonly minRebuildIntervalMs: number;
  private readonly maxNamespaces: number;
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(private readonly options: GraphRefresherOptions<T>) {
    this.intervalMs = options.intervalMs ?? DEFAULT_GRAPH_REFRESH_INTERVAL_MS;
    this.minRebuildIntervalMs = options.minRebuildIntervalMs ?? DEFAULT_MIN_REBUILD_INTERVAL_MS;
    this.maxNamespaces = Math.max(1, options.maxNamespaces ?? DEFAULT_MAX_GRAPH_NAMESPACES);
    this.idleMs = options.idleMs ?? DEFAULT_GRAPH_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * The namespace's value: the cached one while it is younger than the refresh interval (twice
   * it when the background timer runs, which keeps it fresh), else a new build.
   */
  async get(namespace: string, options: GetGraphOptions = {}): Promise<Refreshed<T>> {
    const entry = this.entry(namespace);
    entry.lastRequestedMs = this.now();
    const current = entry.current;
    const age = current ? this.now() - current.builtAtMs : Infinity;
    const maxAge = this.timer ? this.intervalMs * 2 : this.intervalMs;
    if (current && !(options.refresh && age >= this.minRebuildIntervalMs) && age < maxAge) return current;
    return this.rebuild(namespace, entry);
  }

  /** Namespaces held, most recently asked-for first. */
  namespaces(): string[] {
    return [...this.entries.entries()].sort((a, b) => b[1].lastRequestedMs - a[1].lastRequestedMs).map(([ns]) => ns);
  }

  /** One background round: drop idle namespaces, rebuild the others (failures keep the last value). */
  async refreshAll(): Promise<void> {
    const now = this.now();
    for (const [namespace, entry] of this.entries) if (now - entry.lastRequestedMs > this.idleMs) this.entries.delete(namespace);
    await Promise.all(
      [...this.entries.entries()].map(([namespace, entry]) =>
        this.rebuild(namespace, entry).catch((error: unknown) => {
          this.options.onError?.(namespace, error);
        }),
      ),
    );
  }

  /** Starts background rebuilds (idempotent; the timer does not keep the process alive). */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.refreshAll(), this.intervalMs);
    this.timer.unref?.();
  }

  /** Stops background rebuilds. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private entry(namespace: string): Entry<T> {
    let entry = this.entries.get(namespace);
    if (!entry) {
      entry = { lastRequestedMs: this.now() };
      this.entries.set(namespace, entry);
      // Over the bound: forget the namespace asked for least recently (never the new one).
      while (this.entries.size > this.maxNamespaces) {
        const oldest = this.namespaces().filter((ns) => ns !== namespace).pop();
        if (oldest === undefined) break;
        this.entries.delete(oldest);
      }
    }
    return entry;
  }

  private rebuild(namespace: string, entry: Entry<T>): Promise<Refreshed<T>> {
    if (entry.inflight) return entry.inflight;
    const inflight = this.options
      .build(namespace, entry.current?.value)
      .then((value) => {
        entry.current = { value, builtAtMs: this.now() };
        return entry.current;
      })
      .finally(() => {
        entry.inflight = undefined;
      });
    entry.inflight = inflight;
    return inflight;
  }
}
