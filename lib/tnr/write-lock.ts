/**
 * The write lock: at most one writer (a mitigation, a rollback, an operator's undo, a recovery)
 * per cluster + namespace at a time, so two transactions never interleave their changes and each
 * one's health comparison sees only its own effect.
 *
 * Contract every implementation keeps (the in-memory one for tests, the database one later):
 * - `acquire` is atomic: of two concurrent calls for the same cluster + namespace at most one
 *   gets a lease. It returns null (not an error) while another unexpired lease exists.
 * - A lease expires `ttlMs` after it was granted or last renewed. An expired lease no longer
 *   blocks `acquire`: a holder that crashed frees the namespace by itself, and the worker that
 *   takes over runs `recoverTransaction` from the write-ahead log.
 * - `renew` extends only the caller's own unexpired lease (matched by `token`) and returns the
 *   new lease; it returns null once the lease expired or was taken over, and the holder must
 *   then stop writing.
 * - `release` frees only the caller's own lease; releasing a lost or released lease is a no-op.
 * - Time is the lock's own (the database server's clock for the DB lock), never the engine's
 *   `Clock`, which may be simulated.
 */

/** Who wants to write where, for how long. */
export interface WriteLockRequest {
  cluster: string;
  namespace: string;
  /** The holder, for messages and for knowing whose lease expired (a worker or transaction id). */
  owner: string;
  /** Lease length; renew before it ends. */
  ttlMs: number;
}

/** A granted lease. */
export interface WriteLease {
  cluster: string;
  namespace: string;
  owner: string;
  /** Unique per grant: a renewal or release must present it, so a late holder cannot touch a new lease. */
  token: string;
  /** Epoch ms at which the lease ends unless renewed. */
  expiresAtMs: number;
}

/** At most one writer per cluster + namespace. */
export interface WriteLock {
  /** A lease, or null while someone else holds an unexpired one. */
  acquire(request: WriteLockRequest): Promise<WriteLease | null>;
  /** The extended lease, or null when it was lost (expired, or taken over). */
  renew(lease: WriteLease, ttlMs: number): Promise<WriteLease | null>;
  /** Frees the lease if it is still the caller's. */
  release(lease: WriteLease): Promise<void>;
  /** The unexpired lease on a namespace, if any (for "namespace busy" messages and the UI). */
  holder(cluster: string, namespace: string): Promise<WriteLease | null>;
}
