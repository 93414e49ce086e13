import { getAuth } from "@/lib/auth/get-auth";

// /api/auth/*: better-auth's own endpoints (sign-in, sign-out, session, OIDC callback, admin).
// The instance is created on the first request, not at import, so `next build` needs no database.
async function handle(request: Request): Promise<Response> {
  return getAuth().handler(request);
}

export const GET = handle;
export const POST = handle;
