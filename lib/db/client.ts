import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { getEnv } from "../env";
import { createAdapterFactory, providerOf } from "./adapter";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { registerSqliteClient } from "./transaction";

/**
 * The app's database client type. Both generated clients come from the same schema, so their
 * model APIs are the same; the SQLite client's type stands for both.
 */
export type Db = InstanceType<typeof SqlitePrismaClient>;

export interface CreateDbOptions {
  databaseUrl: string;
  busyTimeoutMs?: number;
}

/** A new Prisma client with the driver adapter chosen from the URL (`file:` = SQLite, else PostgreSQL). */
export function createDb(options: CreateDbOptions): Db {
  if (providerOf(options.databaseUrl) === "sqlite") {
    const client = new SqlitePrismaClient({ adapter: createAdapterFactory(options) });
    registerSqliteClient(client);
    return client;
  }
  const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: options.databaseUrl, max: 10 }) });
  return client as unknown as Db;
}

const globalForDb = globalThis as unknown as { agenticSreDb?: Db };

/**
 * The process-wide client, created on first use from the validated env. Cached on `globalThis`
 * so that development hot reloads do not open a new connection each time.
 */
export function getDb(): Db {
  if (!globalForDb.agenticSreDb) {
    const env = getEnv();
    globalForDb.agenticSreDb = createDb({ databaseUrl: env.databaseUrl, busyTimeoutMs: env.sqliteBusyTimeoutMs });
  }
  return globalForDb.agenticSreDb;
}

/** Closes and forgets the process-wide client (tests, graceful shutdown). */
export async function disconnectDb(): Promise<void> {
  const db = globalForDb.agenticSreDb;
  globalForDb.agenticSreDb = undefined;
  await db?.$disconnect();
}
