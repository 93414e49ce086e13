/**
 * A process-wide counter bumped whenever this process changes runbooks, so the search index
 * rebuilds on its next query. On globalThis because Next.js may load this module once per route
 * bundle; other processes' changes are caught by the index's database fingerprint instead.
 */
const globalForSignal = globalThis as unknown as { agenticSreRunbookVersion?: number };

/** The current change counter. */
export function runbookChangeVersion(): number {
  return globalForSignal.agenticSreRunbookVersion ?? 0;
}

/** Records that runbooks changed (create, update, delete, sync). */
export function markRunbooksChanged(): void {
  globalForSignal.agenticSreRunbookVersion = runbookChangeVersion() + 1;
}
