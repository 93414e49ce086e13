import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { paginationSchema, parseQuery } from "@/lib/http/pagination";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { incidentListFilterSchema, listIncidents } from "@/lib/incidents/list-incidents";

const querySchema = paginationSchema.extend(incidentListFilterSchema.shape);

// GET /api/incidents?status=open|closed|all&state=&severity=&service=&q=&page=1&pageSize=25: incidents, open first.
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  const { page, pageSize, ...filter } = parseQuery(querySchema, new URL(request.url));
  return jsonResponse(await listIncidents({ db: getAppContext().db, filter, pagination: { page, pageSize } }));
});
