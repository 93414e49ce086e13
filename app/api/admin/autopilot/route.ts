import { getAppContext } from "@/lib/app-context";
import { listAutopilotPolicies } from "@/lib/autopilot/autopilot-policies";
import { requireOperator } from "@/lib/auth/require-operator";
import { jsonResponse, withRoute } from "@/lib/http/route";

// GET /api/admin/autopilot: every namespace's effective autopilot policy, the admins' over the AUTOPILOT default (admins only).
export const GET = withRoute(async (request) => {
  await requireOperator(request, "admin");
  const { db, env } = getAppContext();
  return jsonResponse({ items: await listAutopilotPolicies({ db, envDefault: env.autopilot }) });
});
