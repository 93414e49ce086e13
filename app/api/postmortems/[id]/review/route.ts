import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { markPostmortemReviewed } from "@/lib/postmortems/mark-postmortem-reviewed";

// POST /api/postmortems/{id}/review: draft -> reviewed, recording who and when (409 if already reviewed).
export const POST = withRoute(async (request, { params }) => {
  const operator = await requireOperator(request, "responder");
  return jsonResponse(await markPostmortemReviewed({ db: getAppContext().db, id: String(params.id), by: operator.name }));
});
