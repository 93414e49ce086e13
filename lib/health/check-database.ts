import "server-only";
import type { Db } from "../db/client";

export interface DatabaseHealth {
  ok: boolean;
  provider: "sqlite" | "postgresql";
  latencyMs: number;
  error?: string;
}

/** Round-trips one query to the database. */
export async function checkDatabase({ db, provider }: { db: Db; provider: "sqlite" | "postgresql" }): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1 AS ok`;
    return { ok: true, provider, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, provider, latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}
