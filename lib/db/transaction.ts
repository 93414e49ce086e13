import type { Db } from "./client";
import { WriteQueue } from "./write-queue";

/** The client handed to a transaction callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// On globalThis: Next.js may load this module once per server bundle (instrumentation, each
// route), while the client it registers is shared through globalThis (see client.ts).
const globalForQueues = globalThis as unknown as { agenticSreSqliteQueues?: WeakMap<Db, WriteQueue> };
const sqliteQueues = (globalForQueues.agenticSreSqliteQueues ??= new WeakMap<Db, WriteQueue>());

/** Marks a client as SQLite-backed so that its write transactions queue in this process. */
export function registerSqliteClient(db: Db): void {
  sqliteQueues.set(db, new WriteQueue());
}

export function isSqliteClient(db: Db): boolean {
  return sqliteQueues.has(db);
}

/**
 * Generous limits: under a burst, a transaction may wait behind many others (SQLite) or for an
 * advisory lock (PostgreSQL); failing it after Prisma's 2 s default would lose the request.
 */
const TRANSACTION_LIMITS = { maxWait: 30_000, timeout: 30_000 } as const;

/**
 * Runs `work` in one database transaction: all of it is stored or none of it. On SQLite, write
 * transactions of this process run one at a time (see `WriteQueue`).
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const queue = sqliteQueues.get(db);
  const run = () => db.$transaction(work, TRANSACTION_LIMITS);
  return queue ? queue.run(run) : run();
}
