import { requireOperator } from "@/lib/auth/require-operator";
import { z } from "zod";
import { getAppContext } from "@/lib/app-context";
import { ApiError, issuesFromZod } from "@/lib/http/api-error";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { memoryToolDeps } from "@/lib/pipeline/app-memory";
import { searchRunbooks } from "@/lib/memory/search/search-runbooks";

const searchQuerySchema = z
  .object({
    q: z.string({ error: "is required" }).trim().min(2, "must be at least 2 characters").max(1_000, "must be at most 1000 characters"),
    limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(20, "must be at most 20").optional(),
  })
  .strict();

// GET /api/runbooks/search?q=...&limit=: runbook passages with citations, best first (BM25, fused with embeddings when configured).
export const GET = withRoute(async (request) => {
  await requireOperator(request, "viewer");
  const query = searchQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new ApiError("unprocessable", `invalid runbook search: ${issuesFromZod(query.error.issues).map((i) => `${i.path || "query"}: ${i.message}`).join("; ")}`, issuesFromZod(query.error.issues));
  const { db, env } = getAppContext();
  const { embedder } = memoryToolDeps(env);
  return jsonResponse(await searchRunbooks({ db, query: query.data.q, limit: query.data.limit ?? 8, ...(embedder ? { embedder } : {}) }));
});
