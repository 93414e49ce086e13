import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { getIncidentOrThrow } from "@/lib/incidents/get-incident-or-throw";

// GET /api/incidents/{id}: one incident.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await getIncidentOrThrow({ db: getAppContext().db, id: String(params.id) }));
});
