import { requireOperator } from "@/lib/auth/require-operator";
import { z } from "zod";
import { getAppContext } from "@/lib/app-context";
import { parseQuery } from "@/lib/http/pagination";
import { withRoute } from "@/lib/http/route";
import { parseLastEventId, SSE_HEADERS } from "@/lib/events/sse-frames";
import { streamIncidentEvents } from "@/lib/events/stream-incident-events";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  after: z.coerce.number().int().min(0).default(0).describe("Stream events with a larger id (the page's last loaded event)"),
});

// GET /api/incidents/{id}/stream?after=<event id>: the incident's events as Server-Sent Events,
// from the `Last-Event-ID` header when the browser reconnects, else from `after`.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  const { after } = parseQuery(querySchema, new URL(request.url));
  const afterId = parseLastEventId(request.headers.get("last-event-id")) ?? after;
  const stream = await streamIncidentEvents({ db: getAppContext().db, incidentId: String(params.id), afterId, signal: request.signal });
  return new Response(stream, { headers: SSE_HEADERS });
});
