import "server-only";
import { ingestAlerts } from "./alerts/ingest-alerts";
import { IngestBatcher } from "./alerts/ingest-batcher";
import { getDb, type Db } from "./db/client";
import { getEnv, type Env } from "./env";
import { setLogLevel } from "./log";
import { resolveWebhookTokens, type WebhookTokens } from "./webhooks/webhook-tokens";

export interface AppContext {
  env: Env;
  db: Db;
  webhookTokens: WebhookTokens;
  /** Group-commit writer for webhook alerts. */
  alertIngestor: IngestBatcher;
}

const globalForContext = globalThis as unknown as { agenticSreContext?: AppContext };

/** The process's validated configuration, database client and webhook tokens, created once. */
export function getAppContext(): AppContext {
  if (!globalForContext.agenticSreContext) {
    const env = getEnv();
    setLogLevel(env.logLevel);
    const db = getDb();
    globalForContext.agenticSreContext = {
      env,
      db,
      webhookTokens: resolveWebhookTokens({ configured: env.webhookTokens, dataDir: env.dataDir }),
      alertIngestor: new IngestBatcher((alerts) => ingestAlerts({ db, alerts, groupWindowMs: env.incidentGroupWindowMs })),
    };
  }
  return globalForContext.agenticSreContext;
}

/** Tests switch databases and settings between files; this drops the cached context. */
export function resetAppContextForTests(): void {
  globalForContext.agenticSreContext = undefined;
}
