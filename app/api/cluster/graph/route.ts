import { requireOperator } from "@/lib/auth/require-operator";
import { z } from "zod";
import { getClusterGraphView } from "@/lib/graph/app-graph";
import { parseQuery } from "@/lib/http/pagination";
import { jsonResponse, withRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

const querySchema = z
  .object({
    namespace: z
      .string()
      .max(63)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes namespace name (lowercase letters, digits and '-')")
      .optional(),
    refresh: z.enum(["true", "false", "1", "0"], { message: "must be true or false" }).optional(),
  })
  .strict();

// GET /api/cluster/graph?namespace=shop&refresh=true: the namespace's knowledge graph with per-service health.
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  const query = parseQuery(querySchema, new URL(request.url));
  const view = await getClusterGraphView({ ...(query.namespace ? { namespace: query.namespace } : {}), refresh: query.refresh === "true" || query.refresh === "1" });
  return jsonResponse(view);
});
