import { requireOperator } from "@/lib/auth/require-operator";
import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute, type RouteContext } from "@/lib/http/route";
import { deleteRunbook, getRunbook, updateRunbook } from "@/lib/memory/runbooks/manage-runbooks";
import { readJsonBody } from "@/lib/postmortems/read-json-body";

/** The slug from the catch-all segments: slugs may hold "/" (a file path under RUNBOOKS_DIR); the lib function validates it. */
function slugOf(params: RouteContext["params"]): string {
  const parts = params.slug;
  return Array.isArray(parts) ? parts.join("/") : String(parts ?? "");
}

// GET /api/runbooks/{slug}: one runbook with its body and section outline.
export const GET = withRoute(async (request, { params }) => {
  await requireOperator(request, "viewer");
  return jsonResponse(await getRunbook({ db: getAppContext().db, slug: slugOf(params) }));
});

// PATCH /api/runbooks/{slug} { title?, body? }: edits a UI runbook (409 for one from RUNBOOKS_DIR: its file is the source).
export const PATCH = withRoute(async (request, { params }) => {
  await requireOperator(request, "responder");
  const input = await readJsonBody({ request });
  return jsonResponse(await updateRunbook({ db: getAppContext().db, slug: slugOf(params), input }));
});

// DELETE /api/runbooks/{slug}: deletes a UI runbook and its indexed sections.
export const DELETE = withRoute(async (request, { params }) => {
  await requireOperator(request, "responder");
  return jsonResponse(await deleteRunbook({ db: getAppContext().db, slug: slugOf(params) }));
});
