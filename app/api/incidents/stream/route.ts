import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { withRoute } from "@/lib/http/route";
import { SSE_HEADERS } from "@/lib/events/sse-frames";
import { streamIncidentChanges } from "@/lib/events/stream-incident-changes";

export const dynamic = "force-dynamic";

// GET /api/incidents/stream: which incidents changed, as Server-Sent Events (the list refetches).
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  return new Response(streamIncidentChanges({ db: getAppContext().db, signal: request.signal }), { headers: SSE_HEADERS });
});
