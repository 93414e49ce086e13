/**
 * In-memory `WriteLock` for tests and single-process demos: keeps the contract of `write-lock.ts`
 * within one process (JavaScript runs one call at a time, so check-and-set is atomic). Not shared
 * between processes: a multi-worker deployment needs the database lock.
 */
import { randomUUID } from "node:crypto";
import type { WriteLease, WriteLock } from "./write-lock";

/** Options of `createMemoryWriteLock`. */
export interface MemoryWriteLockOptions {
  /** The lock's time in epoch ms (default `Date.now`); tests pass a clock they move to expire leases. */
  nowMs?: () => number;
}

const keyOf = (cluster: string, namespace: string) => `${cluster}\u0000${namespace}`;

/** A process-local write lock with expiring leases. */
export function createMemoryWriteLock(options: MemoryWriteLockOptions = {}): WriteLock {
  const nowMs = options.nowMs ?? Date.now;
  const leases = new Map<string, WriteLease>();

  const live = (cluster: string, namespace: string): WriteLease | null => {
    const lease = leases.get(keyOf(cluster, namespace));
    if (!lease) return null;
    if (lease.expiresAtMs <= nowMs()) {
      leases.delete(keyOf(cluster, namespace));
      return null;
    }
    return lease;
  };

  return {
    async acquire({ cluster, namespace, owner, ttlMs }) {
      if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${ttlMs}`);
      if (live(cluster, namespace)) return null;
      const lease: WriteLease = { cluster, namespace, owner, token: randomUUID(), expiresAtMs: nowMs() + ttlMs };
      leases.set(keyOf(cluster, namespace), lease);
      return { ...lease };
    },
    async renew(lease, ttlMs) {
      const current = live(lease.cluster, lease.namespace);
      if (!current || current.token !== lease.token) return null;
      current.expiresAtMs = nowMs() + ttlMs;
      return { ...current };
    },
    async release(lease) {
      const current = live(lease.cluster, lease.namespace);
      if (current?.token === lease.token) leases.delete(keyOf(lease.cluster, lease.namespace));
    },
    async holder(cluster, namespace) {
      const current = live(cluster, namespace);
      return current ? { ...current } : null;
    },
  };
}
