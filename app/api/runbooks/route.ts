import { requireOperator } from "@/lib/auth/require-operator";
import { z } from "zod";
import { getAppContext } from "@/lib/app-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { createRunbook, listRunbooks } from "@/lib/memory/runbooks/manage-runbooks";
import { readJsonBody } from "@/lib/postmortems/read-json-body";

const listQuerySchema = z.object({ source: z.enum(["dir", "ui"], { error: "must be dir or ui" }).optional() }).strict();

// GET /api/runbooks?source=dir|ui: every runbook (without bodies), by slug.
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  const query = listQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new ApiError("unprocessable", "invalid runbook list query", issuesFromZod(query.error.issues));
  return jsonResponse({ items: await listRunbooks({ db: getAppContext().db, ...(query.data.source ? { source: query.data.source } : {}) }) });
});

// POST /api/runbooks { slug?, title, body }: creates a runbook written in the UI (201; 409 if the slug is taken).
export const POST = withRoute(async (request) => {
  await requireOperator(request, "responder");
  const input = await readJsonBody({ request });
  return jsonResponse(await createRunbook({ db: getAppContext().db, input }), 201);
});
