import { ApiError } from "../http/api-error";

/** Largest JSON body a postmortem route reads (the markdown limit plus room for escaping). */
export const MAX_POSTMORTEM_BODY_BYTES = 1024 * 1024;

/**
 * The request's JSON body; an empty body is `{}` (for routes whose fields are all optional).
 * 400 when it is not JSON, 413 when it is larger than the limit.
 */
export async function readJsonBody({ request, maxBytes = MAX_POSTMORTEM_BODY_BYTES }: { request: Request; maxBytes?: number }): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new ApiError("payload_too_large", `request body is larger than ${maxBytes} bytes`);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError("bad_request", "request body is not valid JSON");
  }
}
