import { requireOperator } from "@/lib/auth/require-operator";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { demoSimControl } from "@/lib/demo/demo-sim-control";

// POST /api/demo/scenarios/{name}/inject: injects one of the simulator's scenarios into the demo shop.
export const POST = withRoute(async (request, { params }) => {
  await requireOperator(request, "responder");
  return jsonResponse(await demoSimControl().inject(String(params.name)));
});
