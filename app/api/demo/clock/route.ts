import { requireOperator } from "@/lib/auth/require-operator";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/postmortems/read-json-body";
import { demoSimControl } from "@/lib/demo/demo-sim-control";
import { clockSpeedSchema } from "@/lib/demo/sim-control-client";

// PUT /api/demo/clock { speed }: sets how many simulated seconds pass per wall-clock second.
export const PUT = withRoute(async (request) => {
  await requireOperator(request, "responder");
  const parsed = clockSpeedSchema.safeParse(await readJsonBody({ request, maxBytes: 1024 }));
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues);
    throw new ApiError("unprocessable", `invalid clock: ${issues.map((i) => `${i.path || "body"} ${i.message}`).join("; ")}`, issues);
  }
  return jsonResponse(await demoSimControl().setClockSpeed(parsed.data.speed));
});
