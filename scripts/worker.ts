/**
 * `npm run worker`: the agent pipeline worker on its own (the server also runs one unless
 * PIPELINE_ENABLED=false). Any number can run against one PostgreSQL database: claims are leases.
 */
import { getDb, disconnectDb } from "../lib/db/client";
import { getEnv } from "../lib/env";
import { log, setLogLevel } from "../lib/log";
import { startAppPipeline } from "../lib/pipeline/create-app-pipeline";

async function main(): Promise<void> {
  const env = getEnv();
  setLogLevel(env.logLevel);
  const pipeline = await startAppPipeline({ db: getDb(), env: { ...env, pipeline: { ...env.pipeline, enabled: true } }, log });
  if (!pipeline) process.exit(1);
  const stop = async () => {
    await pipeline.stopAll();
    await disconnectDb();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
