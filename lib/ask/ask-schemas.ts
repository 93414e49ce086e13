/**
 * The "ask the incident" boundary: the request body, and the shapes of the answer the route
 * returns and the timeline stores (`ask.question`, `ask.answer`).
 */
import { z } from "zod";

/** Longest question accepted (characters). */
export const MAX_QUESTION_CHARS = 1_000;
/** Characters of a tool's output kept in an answer's tool calls (the timeline keeps it too). */
export const MAX_ASK_TOOL_OUTPUT_CHARS = 4_000;

/** The question: untrusted text, 1..1000 characters after trimming. */
export const askQuestionSchema = z
  .string({ error: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(MAX_QUESTION_CHARS, `must be at most ${MAX_QUESTION_CHARS} characters`)
  .describe("What the operator asks or asks for, e.g. what changed in checkout in the last hour?");

/** Body of `POST /api/incidents/{id}/ask`. */
export const askRequestSchema = z.object({ question: askQuestionSchema }).strict();
export type AskRequest = z.infer<typeof askRequestSchema>;

/** One tool call made to answer, as the route returns it and `ask.answer` stores it. */
export interface AskToolCall {
  tool: string;
  params: Record<string, unknown>;
  ok: boolean;
  /** The tool's output (or its error), bounded to MAX_ASK_TOOL_OUTPUT_CHARS. */
  output: string;
  durationMs: number;
}

/** The proposal an action request created: it waits for approval like any other. */
export interface AskProposal {
  transactionId: string;
  summary: string;
  risk: "low" | "medium" | "high";
  kubectl: string;
}

/** What an ask answers. */
export interface AskResult {
  answer: string;
  toolCalls: AskToolCall[];
  proposal: AskProposal | null;
  /** Who answered: the rules parser, or the model (with its name). */
  answeredBy: string;
}

/** `text` cut to `max` characters, saying how much was left out. */
export function boundOutput(text: string, max = MAX_ASK_TOOL_OUTPUT_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}\n... [${text.length - max} more characters]` : text;
}
