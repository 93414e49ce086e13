import { getAppContext } from "@/lib/app-context";
import { getAuth } from "@/lib/auth/get-auth";
import { parseOperatorInput, removeOperator, updateOperator, updateOperatorInputSchema } from "@/lib/auth/operator-accounts";
import { requireOperator } from "@/lib/auth/require-operator";
import { ApiError } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";

// PATCH /api/admin/users/{id}: change an operator's role and/or password (admins only).
export const PATCH = withRoute(async (request, { params, log }) => {
  const actor = await requireOperator(request, "admin");
  const body = await request.json().catch(() => {
    throw new ApiError("bad_request", "request body is not valid JSON");
  });
  const input = parseOperatorInput(updateOperatorInputSchema, body);
  const account = await updateOperator({ auth: getAuth(), db: getAppContext().db, userId: String(params.id), input, actor });
  log.info("auth.operator_updated", { by: actor.name, operatorId: account.id, role: input.role, passwordChanged: input.password !== undefined });
  return jsonResponse(account);
});

// DELETE /api/admin/users/{id}: remove an operator and end their sessions (admins only).
export const DELETE = withRoute(async (request, { params, log }) => {
  const actor = await requireOperator(request, "admin");
  await removeOperator({ db: getAppContext().db, userId: String(params.id), actor });
  log.info("auth.operator_removed", { by: actor.name, operatorId: String(params.id) });
  return new Response(null, { status: 204 });
});
