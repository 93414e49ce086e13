import { createHash } from "node:crypto";

/** sha256 (hex) of a runbook body: its chunks are rebuilt only when this changes. */
export function contentHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}
