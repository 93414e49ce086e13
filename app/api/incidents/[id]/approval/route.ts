import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { approvalDecisionSchema, decideApproval } from "@/lib/incidents/decide-approval";

// POST /api/incidents/{id}/approval: a responder approves or rejects the waiting mitigation; the
// decision is recorded under the signed-in operator (or "operator token (automation)").
export const POST = withRoute(async (request, { params }) => {
  const operator = await requireOperator(request, "responder");
  const body = await request.json().catch(() => {
    throw new ApiError("bad_request", "request body is not valid JSON");
  });
  const parsed = approvalDecisionSchema.safeParse(body);
  if (!parsed.success) throw new ApiError("unprocessable", "invalid approval decision", issuesFromZod(parsed.error.issues));
  return jsonResponse(await decideApproval({ db: getAppContext().db, incidentId: String(params.id), decision: parsed.data, by: operator.name }));
});
