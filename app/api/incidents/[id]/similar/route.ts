import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { similarIncidentsForPanel } from "@/lib/ask/similar-incidents-for-panel";
import { jsonResponse, withRoute } from "@/lib/http/route";

// GET /api/incidents/{id}/similar: resolved incidents like this one, what fixed them, and whether a fix was rolled back.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await similarIncidentsForPanel({ db: getAppContext().db, incidentId: String(params.id) }));
});
