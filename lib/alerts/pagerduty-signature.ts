import { createHmac, timingSafeEqual } from "node:crypto";

/** Signatures read from one header; PagerDuty sends one per active secret (two during rotation). */
export const MAX_PAGERDUTY_SIGNATURES = 10;

const V1_SIGNATURE = /^v1=([0-9a-f]+)$/i;

/** Inputs of {@link verifyPagerDutySignature}. */
export interface VerifyPagerDutySignatureOptions {
  /** The request body exactly as received (before JSON parsing): the HMAC is over these bytes. */
  rawBody: string | Uint8Array;
  /** The `X-PagerDuty-Signature` header, e.g. `v1=<hex>,v1=<hex>`; missing → not verified. */
  header: string | null | undefined;
  /** The webhook subscription's signing secrets (several while rotating); blank ones are ignored. */
  secrets: readonly string[];
}

/**
 * Verifies a PagerDuty V3 webhook: true when any `v1=` signature in the header equals the hex
 * HMAC-SHA256 of the raw body under any of the secrets. Comparisons use `timingSafeEqual` on
 * equal-length digests; signatures of the wrong length or not hex never match. Every pair is
 * compared (no early exit), so timing does not reveal which secret or signature matched.
 */
export function verifyPagerDutySignature({ rawBody, header, secrets }: VerifyPagerDutySignatureOptions): boolean {
  if (!header) return false;
  const provided = header
    .split(",")
    .slice(0, MAX_PAGERDUTY_SIGNATURES)
    .map((part) => V1_SIGNATURE.exec(part.trim())?.[1])
    .filter((hex): hex is string => hex !== undefined && hex.length % 2 === 0)
    .map((hex) => Buffer.from(hex, "hex"));
  const expected = secrets
    .filter((secret) => secret.trim() !== "")
    .map((secret) => createHmac("sha256", secret).update(rawBody).digest());

  let verified = false;
  for (const signature of provided) {
    for (const digest of expected) {
      // timingSafeEqual throws on unequal lengths; a wrong-length signature simply does not match.
      if (signature.length === digest.length && timingSafeEqual(signature, digest)) verified = true;
    }
  }
  return verified;
}
