import { NextResponse, type NextRequest } from "next/server";
import { getAuth } from "@/lib/auth/get-auth";
import { safeNextPath } from "@/lib/auth/safe-next-path";

/**
 * Every page needs a signed-in operator: without a valid session, the browser goes to /login
 * (with the page it wanted, to come back to). The session is checked against the database here,
 * not only the cookie's presence, because pages render server-side data (tokens on Settings).
 * Proxy runs on the Node.js runtime in Next 16, next to the database client.
 *
 * API routes are not redirected: they answer 401/403 themselves through `requireOperator`,
 * and webhooks and /api/healthz stay public. Page navigations are also where a session's expiry
 * is extended (`updateAge`), since only here can the refreshed cookie be sent back.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const result = await getAuth().api.getSession({ headers: request.headers, returnHeaders: true });
  if (!result.response) {
    const login = new URL("/login", request.url);
    const wanted = safeNextPath(`${request.nextUrl.pathname}${request.nextUrl.search}`);
    if (wanted !== "/") login.searchParams.set("next", wanted);
    return NextResponse.redirect(login);
  }
  const response = NextResponse.next();
  for (const cookie of result.headers.getSetCookie()) response.headers.append("set-cookie", cookie);
  return response;
}

export const config = {
  // Pages only: not /login, not /api/* (routes authorize themselves), not Next's assets or files with an extension.
  matcher: ["/((?!login|api/|_next/static|_next/image|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
