import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { paginationSchema, parseQuery } from "@/lib/http/pagination";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { listIncidentAlerts } from "@/lib/incidents/list-incident-alerts";

// GET /api/incidents/{id}/alerts?page=1&pageSize=25: the incident's alerts, firing first.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  const pagination = parseQuery(paginationSchema, new URL(request.url));
  return jsonResponse(await listIncidentAlerts({ db: getAppContext().db, incidentId: String(params.id), pagination }));
});
