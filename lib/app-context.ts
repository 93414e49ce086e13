import "server-only";
import { ingestAlerts } from "./alerts/ingest-alerts";
import { IngestBatcher } from "./alerts/ingest-batcher";
import { getDb, type Db } from "./db/client";
import { getEnv, type Env } from "./env";
import { setLogLevel } from "./log";
import { loadOrCreateGeneratedToken, resolveWebhookTokens, type WebhookTokens } from "./webhooks/webhook-tokens";

/** Where the generated operator token is kept (until operator sign-in exists). */
export const OPERATOR_TOKEN_FILE = "operator-token";

export interface AppContext {
  env: Env;
  db: Db;
  webhookTokens: WebhookTokens;
  /** Authorizes approve/reject until operator sign-in exists. */
  operatorToken: string;
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
      operatorToken: env.operatorToken ?? loadOrCreateGeneratedToken(env.dataDir, OPERATOR_TOKEN_FILE),
      alertIngestor: new IngestBatcher((alerts) => ingestAlerts({ db, alerts, groupWindowMs: env.incidentGroupWindowMs })),
    };
  }
  return globalForContext.agenticSreContext;
}

/**
 * Re-reads the generated webhook and operator tokens from the data directory (after a rotation
 * rewrote them), so that the new tokens are checked from the next request on and the old ones
 * stop working. Tokens set by environment are kept as they are.
 */
export function reloadGeneratedTokens(): void {
  const context = globalForContext.agenticSreContext;
  // No context yet: the first getAppContext() reads the files anyway.
  if (!context) return;
  const { env } = context;
  globalForContext.agenticSreContext = {
    ...context,
    webhookTokens: resolveWebhookTokens({ configured: env.webhookTokens, dataDir: env.dataDir }),
    operatorToken: env.operatorToken ?? loadOrCreateGeneratedToken(env.dataDir, OPERATOR_TOKEN_FILE),
  };
}

/** Tests switch databases and settings between files; this drops the cached context. */
export function resetAppContextForTests(): void {
  globalForContext.agenticSreContext = undefined;
}
