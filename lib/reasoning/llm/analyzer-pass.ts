/**
 * The deterministic pass that runs before the model: the rules reasoner's agent on the same
 * context, so its tool calls are recorded (and citeable) like any other, and its conclusions
 * become the model's grounded facts. Its reasoning steps go to the timeline marked as the
 * analyzers'; its decision is shown as a hypothesis, because the model decides.
 */
import type { AgentContext, AgentName, RecordedToolResult } from "../../agents/agent-context";
import { runAnalyzersDataSchema, toolData, type FindingData } from "../rules/tool-data";
import type { ModelAgentRun } from "./run-model-agent";

/** One tool call made during the pass (or by the model), as the facts list it. */
export interface RecordedCall {
  callId: string;
  tool: string;
  params: Record<string, unknown>;
  ok: boolean;
}

/** A context for the rules agent that records its calls and relabels its steps. */
export interface AnalyzerPass {
  ctx: AgentContext;
  calls: RecordedCall[];
  /** Analyzer findings returned by any run_analyzers call of the pass. */
  findings: FindingData[];
}

/** Findings in a run_analyzers result, if it is one. */
export function findingsOf(result: RecordedToolResult, tool: string): FindingData[] {
  return tool === "run_analyzers" ? (toolData(result, runAnalyzersDataSchema)?.findings ?? []) : [];
}

/** Options of `createAnalyzerPass`. */
export interface CreateAnalyzerPassOptions {
  ctx: AgentContext;
  agent: AgentName;
}

/** Wraps `ctx` for the deterministic pass of one agent. */
export function createAnalyzerPass({ ctx, agent }: CreateAnalyzerPassOptions): AnalyzerPass {
  const calls: RecordedCall[] = [];
  const findings: FindingData[] = [];
  return {
    calls,
    findings,
    ctx: {
      ...ctx,
      async callTool(name, params) {
        const result = await ctx.callTool(name, params);
        calls.push({ callId: result.callId, tool: name, params, ok: result.ok });
        findings.push(...findingsOf(result, name));
        return result;
      },
      emit(step) {
        ctx.emit({ ...step, agent, kind: step.kind === "decision" ? "hypothesis" : step.kind, text: `analyzers: ${step.text}` });
      },
    },
  };
}

/** Options of `settleRun`. */
export interface SettleRunOptions<T> {
  ctx: AgentContext;
  agent: AgentName;
  run: ModelAgentRun<T>;
  /** The rules reasoner's result from the analyzer pass. */
  rulesResult: T;
  /** One line describing a result, for the timeline. */
  describe(value: T): string;
}

/**
 * The agent's final answer from how its loop ended: the model's answer; on an exhausted budget
 * or turn limit the best answer so far (said so on the timeline); otherwise, or with nothing
 * usable, the rules reasoner's result, recorded as a fallback step.
 */
export function settleRun<T>({ ctx, agent, run, rulesResult, describe }: SettleRunOptions<T>): { value: T; source: "model" | "rules" } {
  if (run.status === "answered" && run.value !== null) return { value: run.value, source: "model" };
  if ((run.status === "budget-exhausted" || run.status === "turns-exhausted") && run.value !== null) {
    ctx.emit({ agent, kind: "decision", text: `stopped early: ${run.reason}; using the best answer so far: ${describe(run.value)}`, ...(run.cites.length ? { cites: run.cites } : {}) });
    return { value: run.value, source: "model" };
  }
  ctx.emit({ agent, kind: "fallback", text: `the model gave no usable answer (${run.reason}); handing over to the rules reasoner, whose result is used: ${describe(rulesResult)}` });
  return { value: rulesResult, source: "rules" };
}

