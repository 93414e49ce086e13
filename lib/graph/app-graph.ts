import "server-only";
/**
 * The app's knowledge graph: cluster clients, metrics source and cluster clock from the
 * validated environment, created lazily on first use, and one `GraphRefresher` keeping the
 * graphs people look at fresh. Held on `globalThis` so every route bundle shares one refresher.
 */
import { createClusterClients, type ClusterClients } from "../cluster/client";
import { loadKubeConfig } from "../cluster/kubeconfig";
import { apiErrorStatus } from "../cluster/api-errors";
import { listNamespaceNames, namespaceExists } from "../cluster/reads/read-namespaces";
import { getEnv } from "../env";
import { ApiError } from "../http/api-error";
import { log } from "../log";
import { createClusterClock, type ClusterClock } from "../telemetry/cluster-clock";
import { createPrometheusMetricsSource } from "../telemetry/prometheus-source";
import { createSimulatorMetricsSource } from "../telemetry/simulator-source";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import { buildClusterGraphView, type ClusterGraphView } from "./cluster-graph-view";
import { GraphRefresher } from "./graph-refresher";

/** Namespaces that are never the default choice (the cluster's own). */
const SYSTEM_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease"]);

/** What the graph needs from the app, created once. */
export interface AppGraph {
  clients: ClusterClients;
  /** Absent when no metrics source is configured: graphs then have no calls and no health. */
  metrics?: MetricsSource;
  clock: ClusterClock;
  refresher: GraphRefresher<ClusterGraphView>;
}

const globalForGraph = globalThis as unknown as { agenticSreGraph?: Promise<AppGraph> };

async function createAppGraph(): Promise<AppGraph> {
  const env = getEnv();
  let clients: ClusterClients;
  try {
    clients = createClusterClients(loadKubeConfig({ kubeconfigPath: env.kubeconfigPath }));
  } catch (error) {
    const hint = env.simulator.enabled ? "start the simulated cluster (npm start does; or npm run sim)" : "set KUBECONFIG";
    throw new ApiError("internal", `no cluster to read: cannot load the kubeconfig (${env.kubeconfigPath ?? "~/.kube/config"}): ${(error as Error).message}; ${hint}`);
  }
  const metrics =
    env.metrics.source === "simulator"
      ? createSimulatorMetricsSource({ baseUrl: env.metrics.baseUrl })
      : env.metrics.source === "prometheus"
        ? createPrometheusMetricsSource({ baseUrl: env.metrics.baseUrl })
        : undefined;
  const clock = await createClusterClock(env.metrics.source === "simulator" ? { simulatorUrl: env.metrics.baseUrl } : {});
  const slos: SloConfig = { services: env.sloOverrides as SloConfig["services"] };
  const refresher = new GraphRefresher<ClusterGraphView>({
    build: (namespace, previous) => buildClusterGraphView({ clients, namespace, now: clock.now(), slos, ...(metrics ? { metrics } : {}), ...(previous ? { previous } : {}) }),
    onError: (namespace, error) => log.warn("graph.refresh_failed", { namespace, error }),
  });
  refresher.start();
  return { clients, ...(metrics ? { metrics } : {}), clock, refresher };
}

/** The app's graph context (created on first call; a failed creation is retried on the next). */
export function getAppGraph(): Promise<AppGraph> {
  if (!globalForGraph.agenticSreGraph) {
    globalForGraph.agenticSreGraph = createAppGraph().catch((error: unknown) => {
      globalForGraph.agenticSreGraph = undefined;
      throw error;
    });
  }
  return globalForGraph.agenticSreGraph;
}

/** Options of `getClusterGraphView`. */
export interface GetClusterGraphViewOptions {
  /** Namespace to show; default: the first one that is not the cluster's own (else `default`). */
  namespace?: string;
  /** Rebuild now (at most every few seconds) instead of answering from the cache. */
  refresh?: boolean;
}

/** The graph view of a namespace from the app's refresher; a namespace that does not exist is a 404. */
export async function getClusterGraphView(options: GetClusterGraphViewOptions): Promise<ClusterGraphView & { refreshedAt: string }> {
  const app = await getAppGraph();
  let namespace = options.namespace;
  try {
    if (namespace === undefined) {
      const names = await listNamespaceNames({ clients: app.clients });
      namespace = names.find((n) => !SYSTEM_NAMESPACES.has(n)) ?? "default";
    } else if (!(await namespaceExists({ clients: app.clients, namespace }))) {
      throw new ApiError("not_found", `namespace "${namespace}" does not exist in the cluster`);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // Say which cluster failed and how; the caller cannot fix it, but the operator reading it can.
    const status = apiErrorStatus(error);
    throw new ApiError("internal", `cannot read the cluster: ${status ? `Kubernetes API ${status.code}${status.message ? ` ${status.message}` : ""}` : error instanceof Error ? error.message : String(error)}`);
  }
  const refreshed = await app.refresher.get(namespace, { refresh: options.refresh ?? false });
  return { ...refreshed.value, refreshedAt: new Date(refreshed.builtAtMs).toISOString() };
}

/** Tests switch clusters between files; this stops and drops the cached graph context. */
export async function resetAppGraphForTests(): Promise<void> {
  const current = globalForGraph.agenticSreGraph;
  globalForGraph.agenticSreGraph = undefined;
  const app = await current?.catch(() => undefined);
  app?.refresher.stop();
  app?.clock.stop();
}
