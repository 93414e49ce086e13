import { ApiError } from "../http/api-error";

/** Largest webhook body accepted (1 MiB); Alertmanager batches are far smaller. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * Reads the raw body, refusing more than `maxBytes` (413) without buffering the excess: the
 * declared Content-Length is checked first, then the bytes actually streamed.
 */
export async function readLimitedBody(request: Request, maxBytes = MAX_WEBHOOK_BODY_BYTES): Promise<Buffer> {
  const tooLarge = () => new ApiError("payload_too_large", `request body exceeds the limit of ${maxBytes} bytes`);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
