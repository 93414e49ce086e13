import { getAppContext } from "@/lib/app-context";
import { getAuth } from "@/lib/auth/get-auth";
import { createOperator, createOperatorInputSchema, listOperators, parseOperatorInput } from "@/lib/auth/operator-accounts";
import { requireOperator } from "@/lib/auth/require-operator";
import { ApiError } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";

// GET /api/admin/users: every operator account with its role (admins only).
export const GET = withRoute(async (request) => {
  await requireOperator(request, "admin");
  return jsonResponse({ items: await listOperators({ db: getAppContext().db }) });
});

// POST /api/admin/users: an admin creates an operator with a role and an initial password.
export const POST = withRoute(async (request, { log }) => {
  const actor = await requireOperator(request, "admin");
  const body = await request.json().catch(() => {
    throw new ApiError("bad_request", "request body is not valid JSON");
  });
  const input = parseOperatorInput(createOperatorInputSchema, body);
  const account = await createOperator({ auth: getAuth(), db: getAppContext().db, input });
  log.info("auth.operator_created", { by: actor.name, operatorId: account.id, email: account.email, role: account.role });
  return jsonResponse(account, 201);
});
