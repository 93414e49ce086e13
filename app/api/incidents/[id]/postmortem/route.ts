import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { draftPostmortem } from "@/lib/postmortems/draft-postmortem";
import { getIncidentPostmortem } from "@/lib/postmortems/get-postmortem";
import { draftRequestSchema } from "@/lib/postmortems/postmortem-input-schemas";
import { parsePostmortemInput } from "@/lib/postmortems/parse-postmortem-input";
import { postmortemTelemetry } from "@/lib/postmortems/postmortem-telemetry";
import { readJsonBody } from "@/lib/postmortems/read-json-body";

// GET /api/incidents/{id}/postmortem: the incident's postmortem (404 with why when it has none yet).
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await getIncidentPostmortem({ db: getAppContext().db, incidentId: String(params.id) }));
});

// POST /api/incidents/{id}/postmortem { redraft?: boolean }: drafts it now (201), returns the existing
// one untouched (200), or with redraft=true replaces a draft (200; 409 for a reviewed one).
export const POST = withRoute(async (request, { params }) => {
  const operator = await requireOperator(request, "responder");
  const { redraft } = parsePostmortemInput({ schema: draftRequestSchema, value: await readJsonBody({ request }), what: "draft request" });
  const { db, env } = getAppContext();
  const result = await draftPostmortem({ db, incidentId: String(params.id), now: new Date(), redraft, by: operator.name, ...postmortemTelemetry({ env }) });
  return jsonResponse(result, result.outcome === "created" ? 201 : 200);
});
