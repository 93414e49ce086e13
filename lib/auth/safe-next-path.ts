/**
 * Where to go after signing in: only a path on this app ("/incidents/abc?tab=x"), never another
 * site ("//evil.example", "https://..."), so the login page cannot be used as an open redirect.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next === "/login" || next.startsWith("/login?") || next.startsWith("/api/")) return "/";
  return next;
}
