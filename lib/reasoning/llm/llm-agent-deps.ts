/** What every LLM agent runs with (built once by `createLlmReasoner`). */
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import type { Redactor } from "../../tools/redact";
import type { Reasoner } from "../reasoner";
import type { ChatClient } from "./chat-client";
import type { ModelAgentLimits } from "./run-model-agent";

export interface LlmAgentDeps {
  client: ChatClient;
  limits: Omit<ModelAgentLimits, "maxCorrections">;
  redactor: Redactor;
  /** The deterministic reasoner: the analyzer pass before the model, and the fallback after it. */
  rules: Reasoner;
  /** Function declarations of the read-only tools. */
  tools: ChatCompletionTool[];
}

/** Rejected answers tolerated per agent before falling back (the mitigation's refusal is given back once). */
export const MAX_CORRECTIONS = { detection: 2, diagnosis: 2, mitigation: 1 } as const;
