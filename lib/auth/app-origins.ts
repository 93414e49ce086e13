/** Host names that all mean "this machine"; a browser may reach a local app by any of them. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins the app is served from: PUBLIC_URL's, plus its loopback aliases when PUBLIC_URL
 * is a loopback address (a developer opening http://127.0.0.1:3000 while PUBLIC_URL says
 * localhost is the same app, not a cross-site attacker). These are the only origins whose
 * cookie-authenticated state-changing requests are accepted.
 */
export function appOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const origins = [url.origin];
  if (LOOPBACK_HOSTS.includes(url.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      const alias = new URL(url.origin);
      alias.hostname = host;
      origins.push(alias.origin);
    }
  }
  return [...new Set(origins)];
}

/** Session cookies carry `Secure` when the app is served over TLS. */
export function servedOverTls(publicUrl: string): boolean {
  return new URL(publicUrl).protocol === "https:";
}
