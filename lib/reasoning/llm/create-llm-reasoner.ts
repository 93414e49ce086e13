import "server-only";
/**
 * The LLM reasoner: any OpenAI-compatible model plans, investigates with the read-only tools,
 * reflects and proposes, grounded on the deterministic analyzers and inside the same guard
 * rails as the rules reasoner (its outputs are the same typed schemas, validated again by the
 * pipeline, which alone dry-runs, asks for approval, locks and runs TNR). Without a usable
 * model answer each agent hands over to the rules reasoner, on the timeline.
 */
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import type { AgentName } from "../../agents/agent-context";
import type { LlmEnv } from "../../env";
import { toolSpecs, type ToolSpec } from "../../tools/registry";
import type { Reasoner } from "../reasoner";
import { createRulesReasoner } from "../rules-reasoner";
import { createChatClient, DEFAULT_RETRY_POLICY, type RetryPolicy } from "./chat-client";
import { llmReasonerId } from "./describe-reasoner";
import type { LlmAgentDeps } from "./llm-agent-deps";
import { runLlmDetectionAgent } from "./llm-detection-agent";
import { runLlmDiagnosisAgent } from "./llm-diagnosis-agent";
import { runLlmMitigationAgent } from "./llm-mitigation-agent";
import { createModelRedactor, type ModelRedactionOptions } from "./model-redactor";

/** Default model requests per agent. */
export const DEFAULT_MAX_TURNS = 12;
/** Default token budget per incident (input + output, all agents). */
export const DEFAULT_TOKEN_BUDGET = 200_000;
/** Default per-request timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default conversation window (messages). */
export const DEFAULT_MAX_MESSAGES = 24;

/** Options of `createLlmReasoner`. */
export interface CreateLlmReasonerOptions {
  /** OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  /** The model; the reasoner's id is `llm:<model>`. */
  model: string;
  /** Another model per agent. */
  models?: Partial<Record<AgentName, string | null>>;
  maxTurns?: number;
  tokenBudget?: number;
  timeoutMs?: number;
  maxMessages?: number;
  retry?: RetryPolicy;
  /** Waits between retries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
  /** What is redacted from model input besides secrets (default: e-mails and IPs too). */
  redaction?: ModelRedactionOptions;
  /** The deterministic reasoner run first and fallen back to (default: the rules reasoner). */
  rules?: Reasoner;
  /** Tools offered to the model (default: every registered read-only tool). */
  tools?: ToolSpec[];
}

/** Options of `createLlmReasoner` from the validated environment (null when the LLM reasoner is off). */
export function llmReasonerOptionsFromEnv(llm: LlmEnv): CreateLlmReasonerOptions | null {
  if (!llm.enabled || !llm.model) return null;
  return {
    baseUrl: llm.baseUrl,
    apiKey: llm.apiKey,
    model: llm.model,
    models: llm.models,
    maxTurns: llm.maxTurns,
    tokenBudget: llm.tokenBudget,
    timeoutMs: llm.timeoutMs,
    maxMessages: llm.maxMessages,
    retry: { ...DEFAULT_RETRY_POLICY, maxRetries: llm.maxRetries },
    redaction: llm.redaction,
  };
}

/** A `Reasoner` backed by an OpenAI-compatible model, grounded on and falling back to the rules reasoner. */
export function createLlmReasoner(options: CreateLlmReasonerOptions): Reasoner {
  const rules = options.rules ?? createRulesReasoner();
  const tools: ChatCompletionTool[] = (options.tools ?? toolSpecs()).map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.parameters } }));
  const redactor = createModelRedactor(options.redaction ?? {});
  const limits = {
    maxTurns: options.maxTurns ?? DEFAULT_MAX_TURNS,
    tokenBudget: options.tokenBudget ?? DEFAULT_TOKEN_BUDGET,
    maxMessages: options.maxMessages ?? DEFAULT_MAX_MESSAGES,
  };
  const depsFor = (agent: AgentName): LlmAgentDeps => ({
    client: createChatClient({
      baseUrl: options.baseUrl,
      apiKey: options.apiKey,
      model: options.models?.[agent] ?? options.model,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      ...(options.sleep ? { sleep: options.sleep } : {}),
    }),
    limits,
    redactor,
    rules,
    tools,
  });
  const detection = depsFor("detection");
  const diagnosis = depsFor("diagnosis");
  const mitigation = depsFor("mitigation");
  return {
    id: llmReasonerId(options.model),
    detect: (ctx, input) => runLlmDetectionAgent(detection, ctx, input),
    diagnose: (ctx, input) => runLlmDiagnosisAgent(diagnosis, ctx, input),
    mitigate: (ctx, input) => runLlmMitigationAgent(mitigation, ctx, input),
  };
}
