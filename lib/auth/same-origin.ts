/** Methods that only read; a cross-site page can trigger them but learns nothing (CORS) and changes nothing. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CheckSameOriginOptions {
  method: string;
  headers: Headers;
  /** The app's own origins (`appOrigins(PUBLIC_URL)`). */
  allowedOrigins: readonly string[];
}

/**
 * CSRF defence for cookie-authenticated routes: a state-changing request must come from the
 * app's own pages. Browsers send `Origin` on every cross-origin and every non-GET fetch; when it
 * is absent, `Sec-Fetch-Site: same-origin` (set by the browser, not by scripts) is accepted.
 * Returns null when the request may proceed, else the reason it is refused, in words.
 */
export function crossSiteRefusal(options: CheckSameOriginOptions): string | null {
  if (SAFE_METHODS.has(options.method.toUpperCase())) return null;
  const origin = options.headers.get("origin");
  if (origin && origin !== "null") {
    if (options.allowedOrigins.includes(origin)) return null;
    return `cross-site request refused: Origin ${origin} is not this app (${options.allowedOrigins[0]}); if this is the app's address, set PUBLIC_URL to it`;
  }
  if (options.headers.get("sec-fetch-site") === "same-origin") return null;
  return "cross-site request refused: the request carries no Origin header and is not marked Sec-Fetch-Site: same-origin; automation should send Authorization: Bearer <operator token>";
}
