import "server-only";
/**
 * One chat completion request to an OpenAI-compatible endpoint through the official `openai`
 * SDK, with our own retry policy: timeouts, connection errors, 429 and 5xx are retried with
 * exponential back-off, honouring `Retry-After` / `retry-after-ms`; other errors (400, 401, 404)
 * are not, because the same request would fail the same way. The SDK's own retries are off so
 * that the policy (and the delays tests shrink) lives in one place.
 */
import OpenAI from "openai";
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessage } from "openai/resources/chat/completions";

/** Retry settings of model requests. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Delay before the first retry; doubled each retry. */
  baseDelayMs: number;
  /** No wait (back-off or Retry-After) is longer than this. */
  maxDelayMs: number;
}

/** Production defaults: 0.5 s, 1 s, 2 s... at most 30 s (a rate limit's Retry-After included). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Token usage of one request, as the API reported it. */
export interface ChatUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What one request returned. */
export interface ChatResult {
  message: ChatCompletionMessage;
  finishReason: string;
  usage: ChatUsage;
  /** Attempts made (1 = no retry). */
  attempts: number;
  /** Why earlier attempts failed, in order. */
  retried: string[];
}

/** The request, without the model (the client knows it). */
export type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, "model" | "stream">;

/** Thrown when a request failed for good (not retryable, or retries exhausted). */
export class ModelRequestError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | null,
  ) {
    super(message);
    this.name = "ModelRequestError";
  }
}

export interface ChatClient {
  readonly model: string;
  readonly baseUrl: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

/** Options of `createChatClient`. */
export interface CreateChatClientOptions {
  baseUrl: string;
  /** Sent as the bearer token; local servers (Ollama, vLLM) ignore it. */
  apiKey?: string | undefined;
  model: string;
  /** Per-attempt timeout. */
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Waits between attempts (tests pass a recorder that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds a `Retry-After` / `retry-after-ms` header asks for, if any. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.get("retry-after-ms") !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** Whether an SDK error is worth another attempt, and a short description of it. */
export function classifyModelError(error: unknown): { retryable: boolean; status: number | null; description: string; headers?: Headers } {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return { retryable: true, status: null, description: "request timed out" };
  if (error instanceof OpenAI.APIConnectionError) return { retryable: true, status: null, description: `connection failed: ${error.message}` };
  if (error instanceof OpenAI.APIError) {
    const status = typeof error.status === "number" ? error.status : null;
    const retryable = status === 408 || status === 409 || status === 429 || (status !== null && status >= 500);
    return { retryable, status, description: `HTTP ${status ?? "?"}: ${error.message}`, ...(error.headers ? { headers: error.headers } : {}) };
  }
  return { retryable: false, status: null, description: error instanceof Error ? error.message : String(error) };
}

/** A chat client for one model of one endpoint. */
export function createChatClient(options: CreateChatClientOptions): ChatClient {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const sleep = options.sleep ?? defaultSleep;
  // Everything passed explicitly: the SDK would otherwise read OPENAI_* from process.env itself.
  const sdk = new OpenAI({ apiKey: options.apiKey ?? "not-needed", baseURL: options.baseUrl, organization: null, project: null, webhookSecret: null, maxRetries: 0, timeout: options.timeoutMs });

  return {
    model: options.model,
    baseUrl: options.baseUrl,
    async complete(request) {
      const retried: string[] = [];
      for (let attempt = 1; ; attempt++) {
        try {
          const completion = await sdk.chat.completions.create({ ...request, model: options.model, stream: false }, { timeout: options.timeoutMs, maxRetries: 0 });
          const choice = completion.choices[0];
          if (!choice) throw new ModelRequestError("the model returned no choice", attempt, null);
          return {
            message: choice.message,
            finishReason: choice.finish_reason,
            usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
            attempts: attempt,
            retried,
          };
        } catch (error) {
          if (error instanceof ModelRequestError) throw error;
          const failure = classifyModelError(error);
          if (!failure.retryable || attempt > retry.maxRetries) {
            const why = failure.retryable ? `${failure.description} (gave up after ${attempt} attempts)` : failure.description;
            throw new ModelRequestError(why, attempt, failure.status);
          }
          retried.push(failure.description);
          const backoff = retry.baseDelayMs * 2 ** (attempt - 1);
          const asked = retryAfterMs(failure.headers);
          await sleep(Math.min(retry.maxDelayMs, asked ?? backoff));
        }
      }
    },
  };
}
