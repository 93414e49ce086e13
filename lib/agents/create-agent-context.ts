import "server-only";
/**
 * The default `AgentContext`: tool calls through `runTool` (validated, redacted, bounded) with
 * sequential call ids, for the pipeline and for tests. The pipeline passes its own `onToolCall`
 * to persist each call as a timeline step.
 */
import type { MetricsSource } from "../telemetry/types";
import { runTool, type RunToolOptions, type ToolRunResult } from "../tools/run-tool";
import type { ToolContext } from "../tools/types";
import type { AgentContext, AgentStep } from "./agent-context";

/** Options of `createAgentContext`. */
export interface CreateAgentContextOptions {
  toolContext: ToolContext;
  metrics: MetricsSource;
  now: Date;
  /** Reasoning steps (default: dropped). */
  emit?: (step: AgentStep) => void;
  /** Called after every tool call with its id, name, params and result (e.g. to store a timeline step). */
  onToolCall?: (call: { callId: string; name: string; params: Record<string, unknown>; result: ToolRunResult }) => void;
  /** Prefix of call ids, so ids stay unique across the agents of one incident (default "call"). */
  callIdPrefix?: string;
  tools?: RunToolOptions["tools"];
  /** Model tokens the incident has used so far. */
  tokensUsed?: number;
}

/** An `AgentContext` whose tool calls run through `runTool`. */
export function createAgentContext(options: CreateAgentContextOptions): AgentContext {
  let sequence = 0;
  const prefix = options.callIdPrefix ?? "call";
  return {
    metrics: options.metrics,
    now: options.now,
    emit: options.emit ?? (() => {}),
    ...(options.tokensUsed !== undefined ? { tokensUsed: options.tokensUsed } : {}),
    async callTool(name, params) {
      const callId = `${prefix}-${++sequence}`;
      const result = await runTool(options.toolContext, name, params, options.tools ? { tools: options.tools } : {});
      options.onToolCall?.({ callId, name, params, result });
      return { ...result, callId };
    },
  };
}
