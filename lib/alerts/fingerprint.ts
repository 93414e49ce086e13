import { createHash } from "node:crypto";

/** Length of a computed fingerprint: 16 hex chars (64 bits), the same width as Alertmanager's own. */
export const FINGERPRINT_LENGTH = 16;

/**
 * Stable fingerprint of an alert's identifying parts: sha256 over the entries sorted by key,
 * hex, truncated to {@link FINGERPRINT_LENGTH}. Key order in `parts` does not matter.
 *
 * The entries are serialized as a JSON array of `[key, value]` pairs (not `k=v` joined) so that
 * values containing separators cannot collide, e.g. `{a: "1,b=2"}` vs `{a: "1", b: "2"}`.
 */
export function fingerprintOf(parts: Record<string, string>): string {
  const entries = Object.entries(parts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, FINGERPRINT_LENGTH);
}
