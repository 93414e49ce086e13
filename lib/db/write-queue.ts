/**
 * SQLite allows one writer at a time. Instead of letting hundreds of concurrent requests pile up
 * on the database lock (and trip Prisma's transaction wait limit), writes in this process queue
 * here and run one after another. PostgreSQL writes do not queue: the database serializes what
 * must be serialized (see advisory locks in `lib/alerts/ingest-alerts.ts`).
 */
export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `task` after every earlier task has settled; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result.finally(() => {
      this.pending--;
    });
  }

  /** Tasks queued or running (for metrics and tests). */
  get depth(): number {
    return this.pending;
  }
}
