/**
 * `continue` tokens for paginated lists (`?limit=500`, what kubectl sends): an opaque base64
 * of where the previous page stopped, shaped like the real server's
 * `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>"}`.
 */
import { badRequest } from "../errors";

export interface ContinuePosition {
  resourceVersion: string;
  /** Table key of the last object already returned. */
  after: string;
}

export function encodeContinue(position: ContinuePosition): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: Number(position.resourceVersion), start: position.after })).toString("base64url");
}

export function decodeContinue(token: string): ContinuePosition {
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { v?: unknown; rv?: unknown; start?: unknown };
    if (parsed.v === "meta.k8s.io/v1" && typeof parsed.rv === "number" && typeof parsed.start === "string") {
      return { resourceVersion: String(parsed.rv), after: parsed.start };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
}
