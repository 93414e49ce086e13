import "server-only";
/**
 * The ReAct loop one LLM agent runs: plan, then turns of tool calls and observations until the
 * model answers with the structured output, which is validated (and, for the diagnosis,
 * reflected on) before it is accepted. Every model request becomes exactly one timeline step
 * carrying its token usage, so the pipeline's per-incident sum is exact.
 *
 * Bounds: `maxTurns` requests per agent (the last one without tools, forcing an answer), the
 * incident's token budget (checked before every request against what the incident and this
 * agent used plus an estimate of the prompt), `maxCorrections` rejected answers. The loop never
 * throws for a model failure: it reports how it ended and the best answer so far, and the agent
 * decides (use it, or hand over to the rules reasoner).
 */
import type { ChatCompletionMessageParam, ChatCompletionMessageToolCall, ChatCompletionTool } from "openai/resources/chat/completions";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import type { AgentContext, AgentName, AgentStep, RecordedToolResult } from "../../agents/agent-context";
import type { Redactor } from "../../tools/redact";
import { ModelRequestError, type ChatClient, type ChatResult, type ChatUsage } from "./chat-client";
import { createConversationWindow } from "./conversation-window";
import { CORRECTION_TEMPLATE, FINAL_TURN_TEMPLATE, INVESTIGATE_TEMPLATE, PLAN_REQUEST_TEMPLATE } from "./prompts/loop-prompts";
import { renderTemplate } from "./prompts/render-template";
import { agentPlanSchema, parseJsonAnswer, RESPONSE_FORMATS } from "./response-formats";
import { clip, untrustedBlock } from "./untrusted-data";

/** Tool calls executed per model turn at most; further calls in the same turn get an error. */
export const MAX_TOOL_CALLS_PER_TURN = 6;
/** Characters of a tool's output passed to the model (tools already bound theirs; this caps the sum per turn). */
export const MAX_TOOL_RESULT_CHARS = 6_000;
/** Characters per token assumed when estimating a prompt's size before sending it. */
const CHARS_PER_TOKEN = 4;

/** Limits of one agent run. */
export interface ModelAgentLimits {
  maxTurns: number;
  /** Tokens the whole incident may use. */
  tokenBudget: number;
  maxMessages: number;
  /** Rejected answers (bad JSON, schema, citations, refused actions) tolerated before giving up. */
  maxCorrections: number;
}

/** What checking an answer says: accept it, or tell the model what to fix. */
export type AnswerCheck<T> = { ok: true; value: T; cites?: string[] } | { ok: false; feedback: string };

/** An optional step after a valid answer (the diagnosis' reflection). */
export interface AnswerReview<T> {
  format: ResponseFormatJSONSchema;
  prompt(value: T): string;
  /** Applies the review's JSON answer: accept (possibly adjusted), or ask to investigate again. */
  apply(value: T, content: string): { accept: true; value: T; text: string } | { accept: false; text: string; feedback: string };
}

/** Options of `runModelAgent`. */
export interface RunModelAgentOptions<T> {
  agent: AgentName;
  client: ChatClient;
  ctx: AgentContext;
  limits: ModelAgentLimits;
  redactor: Redactor;
  system: string;
  /** The task with its facts and data blocks (redacted here before sending). */
  task: string;
  tools: ChatCompletionTool[];
  format: ResponseFormatJSONSchema;
  /** Parses and checks an answer (JSON, schema, citations, catalogue...). */
  check(content: string): AnswerCheck<T>;
  /** One line for the step of an accepted answer. */
  describe(value: T): string;
  /** Timeline kind of the answer step (the diagnosis' answer is a hypothesis until reflected on). */
  answerKind: AgentStep["kind"];
  review?: AnswerReview<T>;
  /** Called with every tool call the model makes (e.g. to learn new finding ids). */
  onToolResult?(result: RecordedToolResult, name: string): void;
}

/** How the loop ended. */
export type ModelAgentStatus = "answered" | "turns-exhausted" | "budget-exhausted" | "unusable" | "model-failed";

export interface ModelAgentRun<T> {
  status: ModelAgentStatus;
  /** The accepted answer ("answered"), else the best valid answer seen, if any. */
  value: T | null;
  cites: string[];
  /** Why the loop stopped, for the timeline. */
  reason: string;
  turns: number;
  usage: ChatUsage;
  redactions: number;
}

const formatName = (format: ResponseFormatJSONSchema) => format.json_schema.name;

function messageChars(messages: readonly ChatCompletionMessageParam[]): number {
  return messages.reduce((n, m) => n + JSON.stringify(m.content ?? "").length + ("tool_calls" in m && m.tool_calls ? JSON.stringify(m.tool_calls).length : 0), 0);
}

/** Runs one agent's conversation to a validated answer (or says why not). */
export async function runModelAgent<T>(options: RunModelAgentOptions<T>): Promise<ModelAgentRun<T>> {
  const { agent, client, ctx, limits, redactor } = options;
  const usage: ChatUsage = { inputTokens: 0, outputTokens: 0 };
  let turns = 0;
  let corrections = 0;
  let redactions = 0;
  let best: { value: T; cites: string[] } | null = null;
  const format = formatName(options.format);
  const toolsChars = JSON.stringify(options.tools).length + JSON.stringify(options.format).length;

  let pendingRedactions = 0;
  const redact = (text: string) => {
    const r = redactor.redactText(text);
    redactions += r.redactions;
    pendingRedactions += r.redactions;
    return r;
  };
  const task = redact(options.task);
  const memory = createConversationWindow({
    pinned: [
      { role: "system", content: options.system },
      { role: "user", content: task.value },
    ],
    maxMessages: limits.maxMessages,
  });

  const emit = (kind: AgentStep["kind"], text: string, extra: { usage?: ChatUsage; cites?: string[] } = {}) => {
    const step: AgentStep = { agent, kind, text, ...(extra.cites?.length ? { cites: extra.cites } : {}), ...(extra.usage ? { usage: extra.usage } : {}) };
    // Redactions are reported on the first model step after the redacted text was prepared (the task's on the plan, a turn's tool results on that turn's observation).
    if (extra.usage) {
      step.redactions = pendingRedactions;
      pendingRedactions = 0;
    }
    ctx.emit(step);
  };
  const end = (status: ModelAgentStatus, reason: string, value: T | null = best?.value ?? null, cites: string[] = best?.cites ?? []): ModelAgentRun<T> => ({ status, value, cites, reason, turns, usage: { ...usage }, redactions });

  /** One request, unless a bound forbids it; `null` means stop (the bound's reason is returned). */
  const request = async (messages: ChatCompletionMessageParam[], withTools: boolean, responseFormat: ResponseFormatJSONSchema): Promise<{ result: ChatResult } | { stop: ModelAgentRun<T> }> => {
    if (turns >= limits.maxTurns) return { stop: end("turns-exhausted", `the turn limit (${limits.maxTurns} model requests) is reached`) };
    const spent = (ctx.tokensUsed ?? 0) + usage.inputTokens + usage.outputTokens;
    const estimate = Math.ceil((messageChars(messages) + (withTools ? toolsChars : 0)) / CHARS_PER_TOKEN);
    if (spent + estimate > limits.tokenBudget) {
      return { stop: end("budget-exhausted", `the incident's token budget is exhausted: ${spent} of ${limits.tokenBudget} tokens used and the next request needs about ${estimate}`) };
    }
    turns++;
    try {
      const result = await client.complete({ messages, response_format: responseFormat, ...(withTools && options.tools.length ? { tools: options.tools, tool_choice: "auto" as const } : {}) });
      usage.inputTokens += result.usage.inputTokens;
      usage.outputTokens += result.usage.outputTokens;
      if (result.retried.length) emit("observation", `model request retried ${result.retried.length} time(s): ${result.retried.join("; ")}`);
      return { result };
    } catch (error) {
      const why = error instanceof ModelRequestError ? error.message : error instanceof Error ? error.message : String(error);
      return { stop: end("model-failed", `the model request failed: ${why}`) };
    }
  };

  /** Runs one tool call of the model; failures (bad JSON, bad params, unknown tool) become an error the model reads. */
  const runToolCall = async (call: { function: { name: string; arguments: string } }, index: number): Promise<{ content: string; line: { text: string; callId?: string } }> => {
    const name = call.function.name;
    const failed = (error: string, text: string) => ({ content: untrustedBlock({ source: `tool:${name}` }, `error: ${error}`), line: { text: `${name}: ${text}` } });
    if (index >= MAX_TOOL_CALLS_PER_TURN) return failed(`at most ${MAX_TOOL_CALLS_PER_TURN} tool calls per turn; call it again next turn if still needed`, `skipped (over ${MAX_TOOL_CALLS_PER_TURN} calls this turn)`);
    let params: unknown;
    try {
      params = JSON.parse(call.function.arguments || "{}");
    } catch (error) {
      return failed(`the arguments are not valid JSON (${(error as Error).message}); call the tool again with a JSON object`, "arguments not JSON");
    }
    if (params === null || typeof params !== "object" || Array.isArray(params)) return failed("the arguments must be a JSON object", "arguments not an object");
    const result = await ctx.callTool(name, params as Record<string, unknown>);
    options.onToolResult?.(result, name);
    const body = result.ok ? clip(result.output, MAX_TOOL_RESULT_CHARS) : `error: ${result.error}`;
    return {
      content: untrustedBlock({ source: `tool:${name}`, call_id: result.callId }, body),
      line: { text: `${name}(${clip(JSON.stringify(params), 200)}) [${result.callId}] -> ${result.ok ? `ok, ${result.output.length} chars` : `error: ${clip(result.error, 200)}`}`, callId: result.callId },
    };
  };

  // 1. Plan.
  const planRequest = renderTemplate({ template: PLAN_REQUEST_TEMPLATE, values: { agent } });
  const planned = await request([...memory.messages(), { role: "user", content: planRequest }], false, RESPONSE_FORMATS.plan(agent));
  if ("stop" in planned) return planned.stop;
  const planText = planned.result.message.content ?? "";
  const plan = parseJsonAnswer(planText, agentPlanSchema);
  const planUsage = planned.result.usage;
  if (plan.ok) {
    emit("plan", `${plan.value.goal}\n${plan.value.steps.map((s, i) => `${i + 1}. ${s.step}${s.tool ? ` (${s.tool})` : ""}`).join("\n")}`, { usage: planUsage });
  } else {
    emit("plan", `no usable plan (${plan.feedback}); investigating without one`, { usage: planUsage });
  }
  memory.add(
    [
      { role: "user", content: planRequest },
      { role: "assistant", content: planText || "(no plan)" },
      { role: "user", content: renderTemplate({ template: INVESTIGATE_TEMPLATE, values: { format } }) },
    ],
    `planned: ${plan.ok ? plan.value.steps.map((s) => s.step).join("; ") : "no usable plan"}`,
  );

  // 2. Investigate and answer.
  let reviewed = false;
  for (;;) {
    const lastTurn = turns + 1 >= limits.maxTurns;
    const finalNotice = renderTemplate({ template: FINAL_TURN_TEMPLATE, values: { format } });
    const messages = lastTurn ? [...memory.messages(), { role: "user" as const, content: finalNotice }] : memory.messages();
    const answered = await request(messages, !lastTurn, options.format);
    if ("stop" in answered) return answered.stop;
    const { message, usage: turnUsage } = answered.result;
    if (lastTurn) memory.add([{ role: "user", content: finalNotice }], "told that the turn limit was reached");
    const toolCalls = (message.tool_calls ?? []).filter((c): c is Extract<ChatCompletionMessageToolCall, { type: "function" }> => c.type === "function");

    if (toolCalls.length > 0 && !lastTurn) {
      const toolMessages: ChatCompletionMessageParam[] = [];
      const lines: string[] = [];
      const cites: string[] = [];
      for (const [i, call] of toolCalls.entries()) {
        const { content, line } = await runToolCall(call, i);
        lines.push(line.text);
        if (line.callId) cites.push(line.callId);
        toolMessages.push({ role: "tool", tool_call_id: call.id, content: redact(content).value });
      }
      emit("observation", `${message.content ? `${clip(message.content, 400)}\n` : ""}${lines.join("\n")}`, { usage: turnUsage, cites });
      memory.add([{ role: "assistant", content: message.content ?? null, tool_calls: toolCalls }, ...toolMessages], `called ${lines.join("; ")}`);
      continue;
    }

    // An answer (or a refusal, or tool calls on the final turn, which are ignored).
    const content = message.content ?? "";
    const problem = message.refusal
      ? `the model refused: ${message.refusal}`
      : toolCalls.length > 0
        ? "tool calls are not available on the last turn; an answer was required"
        : content.trim() === ""
          ? "the answer is empty"
          : null;
    const checked: AnswerCheck<T> = problem ? { ok: false, feedback: problem } : options.check(content);
    if (!checked.ok) {
      corrections++;
      emit("observation", `answer rejected (${corrections}/${limits.maxCorrections} corrections): ${checked.feedback}`, { usage: turnUsage });
      if (corrections > limits.maxCorrections) return end("unusable", `the model's answers stayed unusable after ${limits.maxCorrections} correction(s): ${checked.feedback}`);
      memory.add(
        [
          { role: "assistant", content: content || "(no answer)" },
          { role: "user", content: redact(renderTemplate({ template: CORRECTION_TEMPLATE, values: { problem: checked.feedback, format } })).value },
        ],
        `answer rejected: ${clip(checked.feedback, 200)}`,
      );
      continue;
    }

    best = { value: checked.value, cites: checked.cites ?? [] };
    emit(options.answerKind, options.describe(checked.value), { usage: turnUsage, cites: best.cites });
    const answerTurn: ChatCompletionMessageParam = { role: "assistant", content };
    if (!options.review || reviewed) return end("answered", "answered", checked.value, best.cites);

    // 3. Review (reflection): once; a rejection buys one more round of investigation.
    reviewed = true;
    const reviewPrompt = redact(options.review.prompt(checked.value)).value;
    const reviewedAnswer = await request([...memory.messages(), answerTurn, { role: "user", content: reviewPrompt }], false, options.review.format);
    if ("stop" in reviewedAnswer) {
      // No room to reflect: the answer stands, and the timeline says it was not reflected on.
      emit("reflection", `not reflected on: ${reviewedAnswer.stop.reason}`);
      return end("answered", "answered without reflection", checked.value, best.cites);
    }
    const verdict = options.review.apply(checked.value, reviewedAnswer.result.message.content ?? "");
    emit("reflection", verdict.text, { usage: reviewedAnswer.result.usage, cites: best.cites });
    if (verdict.accept) return end("answered", "answered", verdict.value, best.cites);
    best = { value: checked.value, cites: best.cites };
    memory.add([answerTurn, { role: "user", content: reviewPrompt }, { role: "assistant", content: reviewedAnswer.result.message.content ?? "" }, { role: "user", content: verdict.feedback }], `answered, then reflection rejected it: ${clip(verdict.text, 200)}`);
  }
}
