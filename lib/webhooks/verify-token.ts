import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The token a sender presented: `Authorization: Bearer <token>`, else `?token=<token>` for
 * senders that cannot set headers (Grafana's legacy notifier, some PagerDuty and Datadog setups).
 */
export function presentedToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const bearer = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (bearer) return bearer;
  return new URL(request.url).searchParams.get("token");
}

/**
 * Constant-time comparison. Both sides are hashed first so that neither the comparison time nor
 * an early length check reveals how much of the token was right.
 */
export function tokensMatch(presented: string | null, expected: string): boolean {
  if (!presented) return false;
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
