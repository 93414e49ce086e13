import { requireOperator } from "@/lib/auth/require-operator";
import { ApiError } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { ROTATABLE_TOKEN_KINDS, rotateGeneratedToken } from "@/lib/tokens/rotate-generated-token";
import { z } from "zod";

const kindSchema = z.enum(ROTATABLE_TOKEN_KINDS);

// POST /api/admin/tokens/{webhook|operator}/rotate: a new generated token, returned once; the old one stops working (admins only).
export const POST = withRoute(async (request, { params, log }) => {
  const actor = await requireOperator(request, "admin");
  const kind = kindSchema.safeParse(params.kind);
  if (!kind.success) {
    throw new ApiError("not_found", `no token kind ${JSON.stringify(params.kind)}: expected one of ${ROTATABLE_TOKEN_KINDS.join(", ")}`);
  }
  // jsonResponse sends Cache-Control: no-store, so no cache keeps the token shown once.
  return jsonResponse(rotateGeneratedToken({ kind: kind.data, by: actor.name, log }));
});
