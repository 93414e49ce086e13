import "server-only";
import { getAppContext } from "./app-context";
import { startAppPipeline } from "./pipeline/create-app-pipeline";
import { EnvError } from "./env";
import { ensureFirstAdmin } from "./auth/ensure-first-admin";
import { getAuth } from "./auth/get-auth";
import { log } from "./log";

/**
 * Server start-up: validate the environment and resolve webhook tokens (generating one on first
 * start), then say where alerts go. An invalid configuration ends the process with exit code 1.
 */
export async function announceStartup(): Promise<void> {
  try {
    const { env, webhookTokens } = getAppContext();
    log.info("server.started", {
      database: env.databaseProvider,
      dataDir: env.dataDir,
      webhooks: `${env.publicUrl}/api/webhooks/{alertmanager|grafana|pagerduty|datadog|generic}`,
    });
    const { db } = getAppContext();
    // Operators sign in from the first page: with no account yet, create the first admin.
    await ensureFirstAdmin({ auth: getAuth(), db, firstAdmin: env.auth.firstAdmin, log }).catch((error: unknown) =>
      log.error("auth.first_admin_failed", { error }),
    );
    // The pipeline must not stop the server from starting: alerts are still received without it.
    await startAppPipeline({ db, env, log }).catch((error: unknown) => log.error("pipeline.start_failed", { error }));
    if (webhookTokens.generatedToken) {
      log.info("webhook.token_generated", {
        sources: webhookTokens.generatedFor,
        token: webhookTokens.generatedToken,
        hint: "send as `Authorization: Bearer <token>`; set WEBHOOK_TOKEN to choose your own",
      });
    }
  } catch (error) {
    if (error instanceof EnvError) {
      log.error("config.invalid", { problems: error.problems });
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
