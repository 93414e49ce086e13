import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client";
import type { WriteLease, WriteLock } from "../write-lock";

export interface PrismaWriteLockOptions {
  db: Db;
  /** The lock's time in epoch ms (default `Date.now`, the app servers' clocks, kept in sync by NTP). */
  nowMs?: () => number;
}

const keyOf = (cluster: string, namespace: string) => `${cluster}/${namespace}`;

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/**
 * The database write lock: one row per cluster + namespace. Taking it is a conditional write
 * (create if absent, or take over only a row whose lease has expired), so of any number of
 * workers against one database at most one holds an unexpired lease; a crashed holder's lease
 * simply runs out (contract in `write-lock.ts`).
 */
export function createPrismaWriteLock({ db, nowMs = Date.now }: PrismaWriteLockOptions): WriteLock {
  const toLease = (row: { cluster: string; namespace: string; owner: string; token: string; expiresAt: Date }): WriteLease => ({
    cluster: row.cluster,
    namespace: row.namespace,
    owner: row.owner,
    token: row.token,
    expiresAtMs: row.expiresAt.getTime(),
  });

  return {
    async acquire({ cluster, namespace, owner, ttlMs }) {
      if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be > 0, got ${ttlMs}`);
      const now = nowMs();
      const key = keyOf(cluster, namespace);
      const lease: WriteLease = { cluster, namespace, owner, token: randomUUID(), expiresAtMs: now + ttlMs };
      const data = { cluster, namespace, owner, token: lease.token, expiresAt: new Date(lease.expiresAtMs) };
      const takenOver = await db.writeLock.updateMany({ where: { key, expiresAt: { lte: new Date(now) } }, data });
      if (takenOver.count === 1) return lease;
      try {
        await db.writeLock.create({ data: { key, ...data } });
        return lease;
      } catch (error) {
        if (isUniqueViolation(error)) return null; // someone holds an unexpired lease
        throw error;
      }
    },
    async renew(lease, ttlMs) {
      const now = nowMs();
      const expiresAt = new Date(now + ttlMs);
      const renewed = await db.writeLock.updateMany({
        where: { key: keyOf(lease.cluster, lease.namespace), token: lease.token, expiresAt: { gt: new Date(now) } },
        data: { expiresAt },
      });
      return renewed.count === 1 ? { ...lease, expiresAtMs: expiresAt.getTime() } : null;
    },
    async release(lease) {
      await db.writeLock.deleteMany({ where: { key: keyOf(lease.cluster, lease.namespace), token: lease.token } });
    },
    async holder(cluster, namespace) {
      const row = await db.writeLock.findUnique({ where: { key: keyOf(cluster, namespace) } });
      return row && row.expiresAt.getTime() > nowMs() ? toLease(row) : null;
    },
  };
}
