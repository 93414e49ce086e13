/**
 * A local OpenAI-compatible HTTP server for tests and the CI benchmark: real HTTP (node:http on
 * loopback), the Chat Completions protocol the `openai` SDK speaks, answers scripted per test.
 *
 * - `POST /v1/chat/completions` (non-streaming): the body is validated like a real server would
 *   (400 naming the field); the answer comes from the queue (`push`) or, when the queue is empty,
 *   from the handler; with neither, a 500 says the script ran out, so a test fails loudly.
 * - `GET /v1/models`: the model list.
 * Every parsed request is kept in `requests`, for assertions on prompts, tools and formats.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { chatRequestSchema, estimateTokens, messageText, type ChatRequest } from "./chat-protocol";
import type { ScriptedReply } from "./scripted-reply";

/** Largest request body accepted (a prompt with tool results stays far below). */
const MAX_BODY_BYTES = 8 * 2 ** 20;

/** Computes the answer to one request (index = 0-based request number). */
export type ScriptHandler = (request: ChatRequest, context: { index: number }) => ScriptedReply | Promise<ScriptedReply>;

export interface StartScriptedOpenAiServerOptions {
  /** Replies used in order, before the handler. */
  replies?: ScriptedReply[];
  /** Answers once the queue is empty. */
  handler?: ScriptHandler;
  /** Models listed by GET /v1/models (default ["scripted-sre"]). */
  models?: string[];
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
}

export interface ScriptedOpenAiServer {
  /** Base URL for the SDK's `baseURL`, ending in `/v1`. */
  baseUrl: string;
  /** Every valid chat completion request, in arrival order. */
  requests: ChatRequest[];
  /** Queues more replies. */
  push(...replies: ScriptedReply[]): void;
  /** Replaces the handler used when the queue is empty. */
  setHandler(handler: ScriptHandler | undefined): void;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function errorBody(message: string, type: string, param: string | null = null) {
  return { error: { message, type, param, code: null } };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The chat.completion object for a scripted assistant message. */
function completionOf(request: ChatRequest, scripted: Extract<ScriptedReply, { kind: "message" }>, index: number) {
  const toolCalls = (scripted.toolCalls ?? []).map((call, i) => ({
    id: call.id ?? `call_${index}_${i}`,
    type: "function" as const,
    function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
  }));
  const promptText = request.messages.map(messageText).join("\n") + JSON.stringify(request.tools ?? []) + JSON.stringify(request.response_format ?? {});
  const completionText = (scripted.content ?? "") + toolCalls.map((c) => c.function.name + c.function.arguments).join("");
  const usage = scripted.usage ?? { promptTokens: estimateTokens(promptText), completionTokens: estimateTokens(completionText) };
  return {
    id: `chatcmpl-scripted-${index}`,
    object: "chat.completion",
    created: 1_700_000_000 + index,
    model: request.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: scripted.content, refusal: scripted.refusal ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
        finish_reason: scripted.finishReason ?? (toolCalls.length ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens },
  };
}

/** Starts the server on 127.0.0.1. */
export async function startScriptedOpenAiServer(options: StartScriptedOpenAiServerOptions = {}): Promise<ScriptedOpenAiServer> {
  const queue: ScriptedReply[] = [...(options.replies ?? [])];
  let handler = options.handler;
  const requests: ChatRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const models = options.models ?? ["scripted-sre"];

  const deliver = async (res: ServerResponse, request: ChatRequest, scripted: ScriptedReply, index: number): Promise<void> => {
    if (scripted.kind === "delay") {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, scripted.ms);
        timers.add(timer);
      });
      // The client may have given up (timeout) meanwhile; writing then would throw.
      if (res.destroyed) return;
      return deliver(res, request, scripted.then, index);
    }
    if (scripted.kind === "http") {
      sendJson(res, scripted.status, scripted.body, scripted.headers);
      return;
    }
    sendJson(res, 200, completionOf(request, scripted, index));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      if (req.method === "GET" && url.pathname === "/v1/models") {
        sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "scripted" })) });
        return;
      }
      if (url.pathname !== "/v1/chat/completions") {
        sendJson(res, 404, errorBody(`no route ${req.method} ${url.pathname}`, "invalid_request_error"));
        return;
      }
      if (req.method !== "POST") {
        sendJson(res, 405, errorBody("use POST", "invalid_request_error"));
        return;
      }
      const text = await readBody(req);
      if (text === null) {
        sendJson(res, 413, errorBody(`request body over ${MAX_BODY_BYTES} bytes`, "invalid_request_error"));
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        sendJson(res, 400, errorBody("request body is not valid JSON", "invalid_request_error"));
        return;
      }
      const parsed = chatRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const param = issue?.path.map(String).join(".") ?? null;
        sendJson(res, 400, errorBody(`${param || "body"}: ${issue?.message ?? "invalid request"}`, "invalid_request_error", param));
        return;
      }
      const request = parsed.data;
      const index = requests.length;
      requests.push(request);
      const scripted = queue.shift() ?? (handler ? await handler(request, { index }) : undefined);
      if (!scripted) {
        sendJson(res, 500, errorBody(`scripted server: no reply scripted for request ${index + 1}`, "server_error"));
        return;
      }
      await deliver(res, request, scripted, index);
    })().catch((error: unknown) => sendJson(res, 500, errorBody(`scripted server failed: ${error instanceof Error ? error.message : String(error)}`, "server_error")));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    push: (...replies) => void queue.push(...replies),
    setHandler: (next) => {
      handler = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
