import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { demoSimControl } from "@/lib/demo/demo-sim-control";

// GET /api/demo: { enabled: false } without the simulator, else its scenarios, what is injected and its clock.
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  if (!getAppContext().env.simulator.enabled) return jsonResponse({ enabled: false });
  return jsonResponse({ enabled: true, ...(await demoSimControl().state()) });
});
