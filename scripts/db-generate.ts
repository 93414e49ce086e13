/**
 * `npm run db:generate`: generates the Prisma client for SQLite and for PostgreSQL from the one
 * schema. Prisma's CLI insists that a native schema-engine binary exists before generating, yet
 * generation never runs it; offline we point that check at a stub (see ENVIRONMENT.md).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PRISMA_DIR, schemaFor } from "../lib/db/schema-source";

const postgresSchema = path.join(PRISMA_DIR, ".postgresql", "schema.prisma");
mkdirSync(path.dirname(postgresSchema), { recursive: true });
writeFileSync(postgresSchema, schemaFor("postgresql"));

for (const schema of [path.join(PRISMA_DIR, "schema.prisma"), postgresSchema]) {
  const result = spawnSync(path.resolve("node_modules/.bin/prisma"), ["generate", "--schema", schema], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: path.resolve("scripts/no-schema-engine.cjs"),
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
