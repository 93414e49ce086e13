import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { requestUndo, undoRequestSchema } from "@/lib/incidents/request-undo";

// POST /api/incidents/{id}/undo: a responder asks to undo a committed transaction; the worker
// restores its snapshots under the write lock and TNR-checks the result (202: accepted, in flight).
export const POST = withRoute(async (request, { params }) => {
  const operator = await requireOperator(request, "responder");
  const body = await request.json().catch(() => {
    throw new ApiError("bad_request", "request body is not valid JSON");
  });
  const parsed = undoRequestSchema.safeParse(body);
  if (!parsed.success) throw new ApiError("unprocessable", "invalid undo request", issuesFromZod(parsed.error.issues));
  return jsonResponse(await requestUndo({ db: getAppContext().db, incidentId: String(params.id), request: parsed.data, by: operator.name }), 202);
});
