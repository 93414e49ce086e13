import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { getIncidentHealth } from "@/lib/events/get-incident-health";
import { getTelemetry } from "@/lib/telemetry/get-telemetry";

export const dynamic = "force-dynamic";

// GET /api/incidents/{id}/health: error ratio, p99, availability and H of the affected services
// over the incident's window, with markers (alert, approval, execution, validation, commit/rollback).
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await getIncidentHealth({ db: getAppContext().db, telemetry: getTelemetry(), incidentId: String(params.id), signal: request.signal }));
});
