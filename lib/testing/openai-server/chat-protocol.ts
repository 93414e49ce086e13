/**
 * The subset of the Chat Completions protocol the scripted server speaks: the request body the
 * `openai` SDK sends for `chat.completions.create` (non-streaming, with tools and a JSON-schema
 * response format), validated with zod so a malformed request gets a 400 that names the field,
 * as a real server would answer.
 */
import { z } from "zod";

const toolCallSchema = z.object({
  id: z.string().min(1).describe("Id the tool answer refers to"),
  type: z.literal("function").describe("Only function tools exist"),
  function: z.object({ name: z.string().min(1).describe("Tool name"), arguments: z.string().describe("JSON-encoded arguments, as the model wrote them") }).describe("The call"),
});
export type ChatToolCall = z.infer<typeof toolCallSchema>;

const contentSchema = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }).loose())]).nullable();

/** One message of a request. */
export const chatMessageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: contentSchema }).loose(),
  z.object({ role: z.literal("developer"), content: contentSchema }).loose(),
  z.object({ role: z.literal("user"), content: contentSchema }).loose(),
  z.object({ role: z.literal("assistant"), content: contentSchema.optional(), tool_calls: z.array(toolCallSchema).optional() }).loose(),
  z.object({ role: z.literal("tool"), content: contentSchema, tool_call_id: z.string().min(1) }).loose(),
]);
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The request body of POST /v1/chat/completions. */
export const chatRequestSchema = z
  .object({
    model: z.string().min(1).describe("Model name"),
    messages: z.array(chatMessageSchema).min(1).describe("The conversation"),
    tools: z
      .array(z.object({ type: z.literal("function"), function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional() }).loose() }).loose())
      .optional()
      .describe("Functions the model may call"),
    tool_choice: z.unknown().optional(),
    response_format: z
      .union([
        z.object({ type: z.literal("text") }).loose(),
        z.object({ type: z.literal("json_object") }).loose(),
        z.object({ type: z.literal("json_schema"), json_schema: z.object({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }).loose() }).loose(),
      ])
      .optional()
      .describe("Structured output format"),
    stream: z.literal(false).optional().describe("Streaming is not supported by the scripted server"),
  })
  .loose();
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Text of a message's content (string or text parts). */
export function messageText(message: ChatMessage): string {
  const content = message.content;
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join("");
}

/** A deterministic token estimate (about four characters a token), used when a script gives no usage. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}
