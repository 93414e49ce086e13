/** `npm run db:migrate`: applies committed migrations to DATABASE_URL (default: the SQLite file under data/). */
import { getEnv } from "../lib/env";
import { migrateDatabase } from "../lib/db/migrate";

async function main(): Promise<void> {
  const env = getEnv();
  const applied = await migrateDatabase({ databaseUrl: env.databaseUrl, busyTimeoutMs: env.sqliteBusyTimeoutMs });
  const where = env.databaseProvider === "sqlite" ? env.databaseUrl : env.databaseUrl.replace(/\/\/[^@]*@/, "//***@");
  console.log(
    JSON.stringify({ time: new Date().toISOString(), level: "info", event: "db.migrated", database: where, applied }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
