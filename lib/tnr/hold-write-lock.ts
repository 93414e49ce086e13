/**
 * Holding the namespace's write lock for the length of one operation: take it or fail with
 * "namespace busy", renew it before each write, release it always.
 */
import { TnrError } from "./tnr-error";
import type { WriteLease, WriteLock, WriteLockRequest } from "./write-lock";

/** A lease the operation holds. */
export interface HeldWriteLock {
  readonly lease: WriteLease;
  /**
   * Extends the lease; call before every cluster write and around waits. Throws
   * `TnrError("lease-lost")` when it expired: someone else may be writing now, so we must stop
   * and leave the rest to recovery.
   */
  renew(): Promise<void>;
}

/** Runs `work` holding the lock on `request`'s namespace; throws `TnrError("namespace-busy")` if it is taken. */
export async function withWriteLock<T>(lock: WriteLock, request: WriteLockRequest, work: (held: HeldWriteLock) => Promise<T>): Promise<T> {
  const acquired = await lock.acquire(request);
  if (!acquired) {
    const holder = await lock.holder(request.cluster, request.namespace);
    const by = holder ? ` by ${holder.owner} until ${new Date(holder.expiresAtMs).toISOString()}` : "";
    throw new TnrError("namespace-busy", `namespace busy: ${request.cluster}/${request.namespace} is locked${by}`);
  }
  let lease = acquired;
  const held: HeldWriteLock = {
    get lease() {
      return lease;
    },
    async renew() {
      const renewed = await lock.renew(lease, request.ttlMs);
      if (!renewed) throw new TnrError("lease-lost", `lost the write lock on ${request.cluster}/${request.namespace} (lease of ${request.owner} expired); stopping, recovery resumes from the write-ahead log`);
      lease = renewed;
    },
  };
  try {
    return await work(held);
  } finally {
    // A release that fails only delays the next writer until the lease expires (the lock's
    // contract), so it must not hide the operation's own result or error.
    await lock.release(lease).catch(() => undefined);
  }
}
