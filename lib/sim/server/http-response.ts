/**
 * Writing responses: JSON bodies, plain text, and errors as Kubernetes `Status` objects. Every
 * handler answers through these so content types and error shapes are uniform.
 */
import type { ServerResponse } from "node:http";
import { internalError, isSimApiError } from "../errors";

export const JSON_CONTENT_TYPE = "application/json";

/** Sends a pre-serialised JSON body (encoded once: lists of 500 pods are about a megabyte). */
export function sendJsonText(res: ServerResponse, code: number, json: string | Buffer[], contentType = JSON_CONTENT_TYPE): void {
  const parts = typeof json === "string" ? [Buffer.from(json, "utf8")] : json;
  let length = 0;
  for (const part of parts) length += part.length;
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": length, "Cache-Control": "no-cache, private" });
  // Corked so that the pieces go out in as few writes as the socket allows.
  res.cork();
  for (const part of parts) res.write(part);
  res.end();
  res.uncork();
}

/** Serialises and sends a JSON body. */
export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = JSON_CONTENT_TYPE): void {
  sendJsonText(res, code, JSON.stringify(body), contentType);
}

export function sendText(res: ServerResponse, code: number, text: string, contentType = "text/plain; charset=utf-8"): void {
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-cache, private" });
  res.end(text);
}

/**
 * Answers with the error's `Status`. Anything that is not a `SimApiError` is a bug: it is logged
 * with the request id and the client gets a generic 500, never the raw message.
 */
export function sendError(res: ServerResponse, error: unknown, requestId: number): void {
  let apiError = isSimApiError(error) ? error : undefined;
  if (!apiError) {
    console.error(`[sim-api] request ${requestId} failed:`, error);
    apiError = internalError();
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.code, apiError.toStatus());
}
