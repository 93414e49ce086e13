/**
 * What the scripted server answers to one chat completion request: an assistant message (text,
 * JSON content or tool calls, with its token usage), a raw HTTP answer (429 with Retry-After, a
 * 500...), or either after a delay (to trip the client's timeout). `reply.*` builds them.
 */

/** One tool call the scripted model makes; `arguments` given as an object is JSON-encoded, a string is sent as is (even if it is not JSON). */
export interface ScriptedToolCall {
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

/** Token usage reported for a message; estimated from the text when omitted. */
export interface ScriptedUsage {
  promptTokens: number;
  completionTokens: number;
}

export type ScriptedReply =
  | { kind: "message"; content: string | null; toolCalls?: ScriptedToolCall[]; usage?: ScriptedUsage; finishReason?: "stop" | "length" | "tool_calls" | "content_filter"; refusal?: string }
  | { kind: "http"; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: "delay"; ms: number; then: ScriptedReply };

/** Builders of scripted replies. */
export const reply = {
  /** A plain assistant message. */
  text(content: string, usage?: ScriptedUsage): ScriptedReply {
    return { kind: "message", content, ...(usage ? { usage } : {}) };
  },
  /** An assistant message whose content is `value` as JSON (a structured output). */
  json(value: unknown, usage?: ScriptedUsage): ScriptedReply {
    return { kind: "message", content: JSON.stringify(value), ...(usage ? { usage } : {}) };
  },
  /** An assistant message calling tools (ids generated when missing). */
  toolCalls(calls: ScriptedToolCall[], usage?: ScriptedUsage, content: string | null = null): ScriptedReply {
    return { kind: "message", content, toolCalls: calls, finishReason: "tool_calls", ...(usage ? { usage } : {}) };
  },
  /** The model declines (structured-output refusal). */
  refusal(text: string): ScriptedReply {
    return { kind: "message", content: null, refusal: text };
  },
  /** An OpenAI-style error body with a status (and headers, e.g. `retry-after`). */
  error(status: number, message: string, headers?: Record<string, string>): ScriptedReply {
    return { kind: "http", status, body: { error: { message, type: status === 429 ? "rate_limit_exceeded" : "server_error", code: null, param: null } }, ...(headers ? { headers } : {}) };
  },
  /** `then`, after `ms` milliseconds. */
  delayed(ms: number, then: ScriptedReply): ScriptedReply {
    return { kind: "delay", ms, then };
  },
};
