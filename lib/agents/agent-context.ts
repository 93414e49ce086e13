/**
 * What every agent runs with: a tool caller the pipeline can record (each call becomes a timeline
 * step with its `callId`), the telemetry source, the instant the agent reasons about, and an
 * `emit` for the agent's own reasoning steps. Agents never reach the cluster any other way.
 */
import type { MetricsSource } from "../telemetry/types";
import type { ToolResult } from "../tools/types";

/** A tool's answer plus the id the timeline records it under; evidence cites that id. */
export type RecordedToolResult = ToolResult & { callId: string };

/** Which agent a reasoning step belongs to. */
export type AgentName = "detection" | "diagnosis" | "mitigation";

/** One reasoning step, streamed to the incident timeline as it happens. */
export interface AgentStep {
  agent: AgentName;
  /**
   * `observation`: a fact read; `hypothesis`: a candidate considered; `decision`: what the agent
   * concluded; `plan`: the steps it intends to take; `reflection`: whether the evidence holds up;
   * `fallback`: the reasoner handed over to another (e.g. the model failed, rules took over).
   */
  kind: "observation" | "hypothesis" | "decision" | "plan" | "reflection" | "fallback";
  text: string;
  /** Tool calls or analyzer findings the step rests on. */
  cites?: string[];
  /** Model tokens this step used (LLM reasoner); the pipeline sums them per incident for its budget. */
  usage?: { inputTokens: number; outputTokens: number };
  /** How many values were redacted from what this step's model request sent (LLM reasoner). */
  redactions?: number;
}

/** Everything an agent may use. */
export interface AgentContext {
  /** Runs one read-only tool (through `runTool` underneath) and returns its result with a call id. */
  callTool(name: string, params: Record<string, unknown>): Promise<RecordedToolResult>;
  metrics: MetricsSource;
  /** The instant the agent reasons about (the simulator's clock in tests). */
  now: Date;
  emit(step: AgentStep): void;
  /** Model tokens the incident's steps have used before this agent ran (for a per-incident budget). */
  tokensUsed?: number;
}

/** Thrown when an agent would exceed its tool-call budget: a bounded agent fails loudly instead of looping. */
export class ToolBudgetExceededError extends Error {
  constructor(
    readonly agent: AgentName,
    readonly budget: number,
  ) {
    super(`${agent} agent exceeded its budget of ${budget} tool calls`);
    this.name = "ToolBudgetExceededError";
  }
}

/** Wraps `ctx.callTool` with a per-agent budget (the named limit of each agent). */
export function budgetedToolCaller(ctx: AgentContext, agent: AgentName, budget: number): AgentContext["callTool"] {
  let used = 0;
  return async (name, params) => {
    if (used >= budget) throw new ToolBudgetExceededError(agent, budget);
    used++;
    return ctx.callTool(name, params);
  };
}
