import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import type { DatabaseProvider } from "../env";

export interface AdapterOptions {
  databaseUrl: string;
  /** SQLite only: how long a writer waits for the lock. */
  busyTimeoutMs?: number;
}

export function providerOf(databaseUrl: string): DatabaseProvider {
  return databaseUrl.startsWith("file:") ? "sqlite" : "postgresql";
}

/** Absolute file path of a `file:` URL. */
export function sqlitePathOf(databaseUrl: string): string {
  return path.resolve(databaseUrl.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/**
 * Creates the SQLite file's folder and switches the file to WAL mode (persistent in the file):
 * readers never block the writer, and commits need no fsync of the main file.
 */
export function prepareSqliteFile(databaseUrl: string, busyTimeoutMs = 5000): void {
  const file = sqlitePathOf(databaseUrl);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    // Switching modes needs the file to itself; once WAL, it stays WAL, so only switch once.
    if (db.pragma("journal_mode", { simple: true }) !== "wal") db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/** The Prisma driver adapter for a database URL: better-sqlite3 for `file:`, node-postgres otherwise. */
export function createAdapterFactory(options: AdapterOptions): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(options.databaseUrl) === "sqlite") {
    prepareSqliteFile(options.databaseUrl, options.busyTimeoutMs);
    return new PrismaBetterSqlite3({ url: sqlitePathOf(options.databaseUrl), timeout: options.busyTimeoutMs ?? 5000 });
  }
  return new PrismaPg({ connectionString: options.databaseUrl });
}
