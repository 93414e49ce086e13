/** The scripted server speaks the protocol the real SDK expects. */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reply } from "./scripted-reply";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from "./start-scripted-openai-server";

let server: ScriptedOpenAiServer;
let client: OpenAI;

beforeAll(async () => {
  server = await startScriptedOpenAiServer({ models: ["m1"] });
  client = new OpenAI({ apiKey: "k", baseURL: server.baseUrl, maxRetries: 0, organization: null, project: null, webhookSecret: null });
});
afterAll(() => server.close());

describe("scripted OpenAI-compatible server", () => {
  it("answers chat completions with content, tool calls and usage, and records the requests", async () => {
    server.push(reply.toolCalls([{ name: "pod_logs", arguments: { pod: "a" } }], { promptTokens: 11, completionTokens: 3 }), reply.json({ ok: true }));
    const first = await client.chat.completions.create({ model: "m1", messages: [{ role: "user", content: "hi" }], tools: [{ type: "function", function: { name: "pod_logs", parameters: { type: "object" } } }] });
    expect(first.choices[0]?.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "pod_logs", arguments: '{"pod":"a"}' } });
    expect(first.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 });
    const second = await client.chat.completions.create({ model: "m1", messages: [{ role: "user", content: "hi" }], response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } } });
    expect(JSON.parse(second.choices[0]?.message.content ?? "")).toEqual({ ok: true });
    expect(second.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.response_format?.type ?? null)).toEqual([null, "json_schema"]);
  });

  it("returns scripted HTTP errors with their headers, and 400 for an invalid request", async () => {
    server.push(reply.error(429, "slow down", { "retry-after": "3" }));
    const error = await client.chat.completions.create({ model: "m1", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get("retry-after")).toBe("3");
    const invalid = await client.chat.completions.create({ model: "m1", messages: [] }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect((invalid as Error).message).toContain("messages");
    const exhausted = await client.chat.completions.create({ model: "m1", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect((exhausted as Error).message).toContain("no reply scripted");
  });

  it("lists its models", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["m1"]);
  });
});
