import "server-only";
/**
 * What the ask route needs from the running app: the read-only tool context (cluster clients,
 * metrics source and cluster clock shared with the knowledge graph through `getAppGraph`, which
 * creates them lazily once per process; runbook memory with the configured embeddings) and the
 * model settings when a model is configured.
 */
import type { Db } from "../db/client";
import type { Env } from "../env";
import { getAppGraph } from "../graph/app-graph";
import { memoryToolDeps } from "../pipeline/app-memory";
import type { ToolContext } from "../tools/types";
import type { AskModelOptions } from "./ask-with-model";

export interface AppAskContextOptions {
  db: Db;
  env: Env;
}

/** The tool context of the app's cluster and memory (`defaultNamespace` is replaced by the incident's). */
export async function appAskToolContext({ db, env }: AppAskContextOptions): Promise<ToolContext> {
  const graph = await getAppGraph();
  return {
    clients: graph.clients,
    defaultNamespace: "default",
    now: () => graph.clock.now(),
    ...(graph.metrics ? { metrics: graph.metrics } : {}),
    memory: { db, ...memoryToolDeps(env) },
  };
}

/** The model that answers questions (the mitigation agent's), or undefined when no model is configured. */
export function askModelOptionsFromEnv(env: Env): AskModelOptions | undefined {
  const llm = env.llm;
  const model = llm.models.mitigation ?? llm.model;
  if (!llm.enabled || !model) return undefined;
  return { baseUrl: llm.baseUrl, model, timeoutMs: llm.timeoutMs, maxRetries: Math.min(llm.maxRetries, 1), ...(llm.apiKey ? { apiKey: llm.apiKey } : {}) };
}
