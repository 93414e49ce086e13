import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { createAdapterFactory, providerOf } from "./adapter";
import { loadSchemaEngine } from "./schema-engine";
import { migrationsDirFor, schemaFor } from "./schema-source";

export interface MigrateOptions {
  databaseUrl: string;
  busyTimeoutMs?: number;
  /** Defaults to `prisma/migrations/<provider>`. */
  migrationsDir?: string;
}

export interface MigrationDirectoryInput {
  path: string;
  migrationFile: { path: string; content: { tag: "ok"; value: string } };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Reads `<dir>/<timestamp>_<name>/migration.sql` in name order, as `prisma migrate deploy` does. */
export function readMigrationDirectories(migrationsDir: string): MigrationDirectoryInput[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8") },
      },
    }));
}

/**
 * Applies the committed migrations that the database has not seen yet, offline, through Prisma's
 * WebAssembly schema engine and the app's own driver adapter. Progress is recorded in
 * `_prisma_migrations` exactly as `prisma migrate deploy` records it. Returns the applied names.
 */
export async function migrateDatabase(options: MigrateOptions): Promise<string[]> {
  const provider = providerOf(options.databaseUrl);
  const migrationsDir = options.migrationsDir ?? migrationsDirFor(provider);
  const migrationDirectories = readMigrationDirectories(migrationsDir);
  if (migrationDirectories.length === 0) throw new Error(`no migrations found in ${migrationsDir}`);

  // For PostgreSQL we own the pool so it can be closed; otherwise the process would not exit.
  const pool = provider === "postgresql" ? new pg.Pool({ connectionString: options.databaseUrl, max: 2 }) : null;
  const { factory, dispose } = closableFactory(pool ? new PrismaPg(pool) : createAdapterFactory(options));
  const SchemaEngine = await loadSchemaEngine();
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schemaFor(provider)]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    const lockPath = path.join(migrationsDir, "migration_lock.toml");
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: migrationsDir,
        lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
        shadowDbInitScript: "",
        migrationDirectories,
      },
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  } finally {
    engine.free();
    await dispose();
    await pool?.end();
  }
}

/**
 * The schema engine keeps its SQLite connection (and an exclusive lock on the file) until garbage
 * collection; we track the connections it opens so they can be closed as soon as it is done.
 */
function closableFactory(base: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  dispose: () => Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const track = async (connect: () => Promise<SqlDriverAdapter>) => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  return {
    factory: {
      provider: base.provider,
      adapterName: base.adapterName,
      connect: () => track(() => base.connect()),
      connectToShadowDb: () => track(() => base.connectToShadowDb()),
    },
    dispose: async () => {
      for (const adapter of opened.splice(0)) await adapter.dispose();
    },
  };
}
