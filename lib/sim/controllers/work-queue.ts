/**
 * A controller work queue: keys are de-duplicated (ten changes to one object reconcile it once),
 * taken in insertion order (deterministic), and can be deferred to a simulated instant for
 * retries and time-based re-checks (progress deadlines, minReadySeconds, back-off).
 */
export class WorkQueue {
  private readonly ready = new Set<string>();
  private readonly deferred = new Map<string, number>();

  /** Queue a key for the next drain. */
  add(key: string): void {
    this.ready.add(key);
  }

  /** Queue a key once simulated time reaches `dueMs` (the earliest due time wins). */
  addAt(key: string, dueMs: number): void {
    const current = this.deferred.get(key);
    if (current === undefined || dueMs < current) this.deferred.set(key, dueMs);
  }

  /** Move deferred keys that are due into the ready set. */
  promote(nowMs: number): void {
    if (this.deferred.size === 0) return;
    for (const [key, due] of this.deferred) {
      if (due <= nowMs) {
        this.deferred.delete(key);
        this.ready.add(key);
      }
    }
  }

  /** Take every ready key (the queue is empty afterwards). */
  takeAll(): string[] {
    if (this.ready.size === 0) return [];
    const keys = [...this.ready];
    this.ready.clear();
    return keys;
  }

  get size(): number {
    return this.ready.size;
  }

  /** Forget a key entirely (object deleted). */
  forget(key: string): void {
    this.ready.delete(key);
    this.deferred.delete(key);
  }
}
