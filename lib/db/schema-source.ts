import { readFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseProvider } from "../env";

/** Root of the Prisma folder (schema and migrations), resolved from the working directory. */
export const PRISMA_DIR = path.resolve("prisma");

/** Where each provider's migrations live: one SQL history per provider, created together. */
export function migrationsDirFor(provider: DatabaseProvider): string {
  return path.join(PRISMA_DIR, "migrations", provider);
}

/**
 * The schema text for a provider. `prisma/schema.prisma` is written for SQLite; the PostgreSQL
 * variant differs only in its datasource provider and the generated client's output folder.
 */
export function schemaFor(provider: DatabaseProvider, schemaText = readFileSync(path.join(PRISMA_DIR, "schema.prisma"), "utf8")): string {
  if (provider === "sqlite") return schemaText;
  const swapped = schemaText
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/lib\/db\/generated\/sqlite"/, 'output       = "../../lib/db/generated/postgresql"');
  if (swapped === schemaText || !swapped.includes('"postgresql"') || !swapped.includes("generated/postgresql")) {
    throw new Error('prisma/schema.prisma must declare provider = "sqlite" and output = "../lib/db/generated/sqlite"');
  }
  return swapped;
}
