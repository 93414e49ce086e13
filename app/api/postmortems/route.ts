import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { paginationSchema, parseQuery } from "@/lib/http/pagination";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { listPostmortems } from "@/lib/postmortems/list-postmortems";
import { postmortemListFilterSchema } from "@/lib/postmortems/postmortem-input-schemas";

const querySchema = paginationSchema.extend(postmortemListFilterSchema.shape);

// GET /api/postmortems?status=draft|reviewed|all&page=1&pageSize=25: postmortems, drafts first.
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  const { status, page, pageSize } = parseQuery(querySchema, new URL(request.url));
  return jsonResponse(await listPostmortems({ db: getAppContext().db, filter: { status }, pagination: { page, pageSize } }));
});
