import { getAppContext } from "@/lib/app-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { approvalDecisionSchema, decideApproval } from "@/lib/incidents/decide-approval";
import { presentedToken, tokensMatch } from "@/lib/webhooks/verify-token";

// POST /api/incidents/{id}/approval: an operator approves or rejects the waiting mitigation.
// Until operator sign-in exists, the operator token (data/operator-token or OPERATOR_TOKEN) authorizes.
export const POST = withRoute(async (request, { params }) => {
  const { db, operatorToken } = getAppContext();
  if (!tokensMatch(presentedToken(request), operatorToken)) {
    throw new ApiError("unauthorized", "missing or invalid operator token: send `Authorization: Bearer <operator token>`");
  }
  const body = await request.json().catch(() => {
    throw new ApiError("bad_request", "request body is not valid JSON");
  });
  const parsed = approvalDecisionSchema.safeParse(body);
  if (!parsed.success) throw new ApiError("unprocessable", "invalid approval decision", issuesFromZod(parsed.error.issues));
  return jsonResponse(await decideApproval({ db, incidentId: String(params.id), decision: parsed.data }));
});
