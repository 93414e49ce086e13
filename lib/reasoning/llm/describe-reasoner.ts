/**
 * Which reasoner the configuration selects, for the Settings page and the start-up log. Pure:
 * reads the validated `Env`, never the network; the key itself is never part of the answer.
 */
import type { Env } from "../../env";
import { RULES_REASONER_ID } from "../reasoner";

/** Id of the LLM reasoner for a model: `llm:<model>`. */
export function llmReasonerId(model: string): string {
  return `llm:${model}`;
}

/** What the Settings page and the logs show about the active reasoner. */
export interface ReasonerDescription {
  /** Recorded on each incident the pipeline takes: `rules` or `llm:<model>`. */
  id: string;
  kind: "rules" | "llm";
  /** The main model (LLM_MODEL), null for rules. */
  model: string | null;
  /** Model per agent when they differ from `model`. */
  models: { detection: string | null; diagnosis: string | null; mitigation: string | null } | null;
  /** The OpenAI-compatible endpoint, null for rules. */
  baseUrl: string | null;
  /** Whether an API key is configured (the key itself is never shown). */
  apiKeySet: boolean;
  /** Why the LLM reasoner is off, when the rules reasoner is active. */
  reason: string | null;
  /** Limits of the LLM reasoner, null for rules. */
  limits: { maxTurns: number; tokenBudget: number; timeoutMs: number; maxRetries: number; maxMessages: number } | null;
}

/** Options of `describeReasoner`. */
export interface DescribeReasonerOptions {
  env: Pick<Env, "llm">;
}

/** The reasoner the configuration selects. */
export function describeReasoner({ env }: DescribeReasonerOptions): ReasonerDescription {
  const llm = env.llm;
  if (!llm.enabled || !llm.model) {
    return { id: RULES_REASONER_ID, kind: "rules", model: null, models: null, baseUrl: null, apiKeySet: llm.apiKey !== undefined, reason: llm.disabledReason ?? "no model configured", limits: null };
  }
  const differs = Object.values(llm.models).some((m) => m !== llm.model);
  return {
    id: llmReasonerId(llm.model),
    kind: "llm",
    model: llm.model,
    models: differs ? llm.models : null,
    baseUrl: llm.baseUrl,
    apiKeySet: llm.apiKey !== undefined,
    reason: null,
    limits: { maxTurns: llm.maxTurns, tokenBudget: llm.tokenBudget, timeoutMs: llm.timeoutMs, maxRetries: llm.maxRetries, maxMessages: llm.maxMessages },
  };
}
