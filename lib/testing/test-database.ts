import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";

export interface TestDatabase {
  db: Db;
  databaseUrl: string;
  dataDir: string;
  cleanup(): Promise<void>;
}

/** A fresh, migrated SQLite database in its own temporary directory (a real file, WAL mode). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-test-"));
  const databaseUrl = `file:${path.join(dataDir, "test.db")}`;
  await migrateDatabase({ databaseUrl });
  const db = createDb({ databaseUrl });
  return {
    db,
    databaseUrl,
    dataDir,
    cleanup: async () => {
      await db.$disconnect();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
