import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { askIncident } from "@/lib/ask/ask-incident";
import { askRequestSchema } from "@/lib/ask/ask-schemas";
import { appAskToolContext, askModelOptionsFromEnv } from "@/lib/ask/app-ask-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { readJsonBody } from "@/lib/postmortems/read-json-body";

/** A question is at most 1000 characters; this leaves room for JSON escaping. */
const MAX_ASK_BODY_BYTES = 16 * 1024;

// POST /api/incidents/{id}/ask { question }: answers from the read-only tools, or proposes the
// requested action (it still needs approval): { answer, toolCalls, proposal }.
export const POST = withRoute(async (request, { params }) => {
  // Responder: an action request creates a proposal.
  const { name: by } = await requireOperator(request, "responder");
  const body = askRequestSchema.safeParse(await readJsonBody({ request, maxBytes: MAX_ASK_BODY_BYTES }));
  if (!body.success) {
    const issues = issuesFromZod(body.error.issues);
    throw new ApiError("unprocessable", `invalid question: ${issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; ")}`, issues);
  }
  const { db, env } = getAppContext();
  const incidentId = String(params.id);
  // 404 before the cluster is touched: an unknown incident needs no tool context.
  if (!(await db.incident.findUnique({ where: { id: incidentId }, select: { id: true } }))) throw new ApiError("not_found", `incident "${incidentId}" not found`);
  const llm = askModelOptionsFromEnv(env);
  const result = await askIncident({ db, incidentId, question: body.data.question, by, toolContext: await appAskToolContext({ db, env }), ...(llm ? { llm } : {}) });
  return jsonResponse(result);
});
