import { requireOperator } from "@/lib/auth/require-operator";
import { z } from "zod";
import { getAppContext } from "@/lib/app-context";
import { parseQuery } from "@/lib/http/pagination";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { listIncidentEvents } from "@/lib/incidents/list-incident-events";

const querySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

// GET /api/incidents/{id}/events?after=<event id>&limit=500: the incident's event log in order.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  const { after, limit } = parseQuery(querySchema, new URL(request.url));
  const items = await listIncidentEvents({ db: getAppContext().db, incidentId: String(params.id), afterId: after, limit });
  return jsonResponse({ items });
});
