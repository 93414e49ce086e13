import { getAppContext } from "@/lib/app-context";
import { getClusterStatus } from "@/lib/cluster/cluster-status";
import { checkDatabase } from "@/lib/health/check-database";
import { jsonResponse, withRoute } from "@/lib/http/route";

// GET /api/healthz: 200 when the database answers, 503 otherwise (for load balancers and probes).
// The cluster is reported too, but an unreachable cluster does not fail the app's health: alerts
// must still be received while Kubernetes itself is in trouble.
export const GET = withRoute(async () => {
  const { db, env } = getAppContext();
  const [database, cluster] = await Promise.all([
    checkDatabase({ db, provider: env.databaseProvider }),
    getClusterStatus({ kubeconfigPath: env.kubeconfigPath }),
  ]);
  return jsonResponse(
    { status: database.ok ? "ok" : "unavailable", database, cluster: { ...cluster, simulated: env.simulator.enabled } },
    database.ok ? 200 : 503,
  );
});
