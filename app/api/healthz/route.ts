import { getAppContext } from "@/lib/app-context";
import { checkDatabase } from "@/lib/health/check-database";
import { jsonResponse, withRoute } from "@/lib/http/route";

// GET /api/healthz: 200 when the database answers, 503 otherwise (for load balancers and probes).
export const GET = withRoute(async () => {
  const { db, env } = getAppContext();
  const database = await checkDatabase({ db, provider: env.databaseProvider });
  return jsonResponse({ status: database.ok ? "ok" : "unavailable", database }, database.ok ? 200 : 503);
});
