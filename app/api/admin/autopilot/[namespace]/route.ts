import { getAppContext } from "@/lib/app-context";
import { removeAutopilotPolicy, setAutopilotPolicy } from "@/lib/autopilot/autopilot-policies";
import { parseAutopilotNamespace, parseAutopilotPolicyRequest } from "@/lib/autopilot/autopilot-policy";
import { requireOperator } from "@/lib/auth/require-operator";
import { ApiError } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";

// PUT /api/admin/autopilot/{namespace}: {"maxRisk":"off"|"low"|"medium"|"high"} overrides the AUTOPILOT default there (admins only).
export const PUT = withRoute(async (request, { params, log }) => {
  const actor = await requireOperator(request, "admin");
  const body: unknown = await request.json().catch(() => {
    throw new ApiError("bad_request", 'request body is not valid JSON; expected {"maxRisk":"low"}');
  });
  const input = parseAutopilotPolicyRequest({ namespace: params.namespace, body });
  return jsonResponse(await setAutopilotPolicy({ db: getAppContext().db, ...input, by: actor.name, log }));
});

// DELETE /api/admin/autopilot/{namespace}: the namespace goes back to the AUTOPILOT default (admins only).
export const DELETE = withRoute(async (request, { params, log }) => {
  const actor = await requireOperator(request, "admin");
  const namespace = parseAutopilotNamespace(params.namespace);
  await removeAutopilotPolicy({ db: getAppContext().db, namespace, by: actor.name, log });
  return new Response(null, { status: 204 });
});
