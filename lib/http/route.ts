import { randomUUID } from "node:crypto";
import { log, type Logger } from "../log";
import { ApiError } from "./api-error";

export interface RouteContext {
  requestId: string;
  log: Logger;
  /** Path parameters (already awaited). */
  params: Record<string, string | string[] | undefined>;
}

export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** JSON response with the request id header. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Maps an error to its HTTP response: ApiError as itself, anything else as a 500 that shows only the request id. */
export function errorResponse(error: unknown, requestId: string, logger: Logger): Response {
  if (error instanceof ApiError) {
    return jsonResponse({ error: { code: error.code, message: error.message, issues: error.issues, requestId } }, error.status);
  }
  logger.error("request.failed", { error });
  return jsonResponse(
    { error: { code: "internal", message: "internal error; the server log has the details under this request id", requestId } },
    500,
  );
}

/**
 * Wraps a route handler with what every route shares: a request id (taken from `x-request-id`
 * or generated), one structured log line per request, and the error-to-response mapping.
 */
export function withRoute(handler: RouteHandler) {
  return async (request: Request, nextContext?: { params?: Promise<Record<string, string | string[] | undefined>> }) => {
    const started = performance.now();
    const incoming = request.headers.get("x-request-id");
    const requestId = incoming && /^[\w.-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    const logger = log.child({ requestId });
    const url = new URL(request.url);
    let response: Response;
    try {
      const params = (await nextContext?.params) ?? {};
      response = await handler(request, { requestId, log: logger, params });
    } catch (error) {
      response = errorResponse(error, requestId, logger);
    }
    response.headers.set("x-request-id", requestId);
    logger.info("http.request", {
      method: request.method,
      path: url.pathname,
      status: response.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
    return response;
  };
}
