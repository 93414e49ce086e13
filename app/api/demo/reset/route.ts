import { requireOperator } from "@/lib/auth/require-operator";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { demoSimControl } from "@/lib/demo/demo-sim-control";

// POST /api/demo/reset: puts the demo shop back to its baseline (every injected fault removed).
export const POST = withRoute(async (request) => {
  await requireOperator(request, "responder");
  return jsonResponse(await demoSimControl().reset());
});
