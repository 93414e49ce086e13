import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { getPostmortem } from "@/lib/postmortems/get-postmortem";
import { postmortemEditSchema } from "@/lib/postmortems/postmortem-input-schemas";
import { parsePostmortemInput } from "@/lib/postmortems/parse-postmortem-input";
import { readJsonBody } from "@/lib/postmortems/read-json-body";
import { updatePostmortemMarkdown } from "@/lib/postmortems/update-postmortem-markdown";

// GET /api/postmortems/{id}: one postmortem with its markdown and facts.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await getPostmortem({ db: getAppContext().db, id: String(params.id) }));
});

// PATCH /api/postmortems/{id} { markdown, baseUpdatedAt? }: saves an edit (409 if someone saved since baseUpdatedAt).
export const PATCH = withRoute(async (request, { params }) => {
  const operator = await requireOperator(request, "responder");
  const edit = parsePostmortemInput({ schema: postmortemEditSchema, value: await readJsonBody({ request }), what: "postmortem edit" });
  return jsonResponse(
    await updatePostmortemMarkdown({ db: getAppContext().db, id: String(params.id), markdown: edit.markdown, by: operator.name, ...(edit.baseUpdatedAt ? { baseUpdatedAt: edit.baseUpdatedAt } : {}) }),
  );
});
