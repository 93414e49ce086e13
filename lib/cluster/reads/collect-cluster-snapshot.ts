import "server-only";
/**
 * Gathers a `ClusterSnapshot` of one namespace in parallel reads. A read that fails is recorded
 * in `warnings` and left empty rather than failing the whole snapshot: an analyzer with partial
 * data still finds what it can (RBAC often forbids Secrets, for example).
 */
import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { apiErrorStatus } from "../api-errors";
import type { ClusterClients } from "../client";
import type { ClusterSnapshot, PodLogSample } from "./cluster-snapshot";
import { listChaosObjects } from "./read-chaos-objects";
import { listConfigMapKeys, listSecretKeys } from "./read-config-objects";
import { listDeployments, listReplicaSets } from "./read-deployments";
import { listEvents } from "./read-events";
import { readPodLogs } from "./read-pod-logs";
import { listPods } from "./read-pods";
import { listNetworkPolicies, listResourceQuotas } from "./read-policies";
import { listEndpoints, listServices } from "./read-services";

/** Pods whose logs are sampled at most (the unhealthiest first). */
export const MAX_LOG_SAMPLE_PODS = 8;
/** Lines per sampled log. */
export const LOG_SAMPLE_TAIL_LINES = 40;

export interface CollectClusterSnapshotOptions {
  clients: ClusterClients;
  namespace: string;
  /** Clock of the snapshot (the simulator's in tests). Default: now. */
  now?: () => Date;
  /** Sample logs of unhealthy pods for the log-signature analyzer. Default true. */
  sampleLogs?: boolean;
}

function describeFailure(what: string, error: unknown): string {
  const status = apiErrorStatus(error);
  return status ? `${what}: HTTP ${status.code}${status.message ? ` ${status.message}` : ""}` : `${what}: ${error instanceof Error ? error.message : String(error)}`;
}

/** True for a pod worth reading logs of: restarting, not ready while running, or terminated with an error. */
function isUnhealthy(pod: V1Pod): boolean {
  const statuses = pod.status?.containerStatuses ?? [];
  return statuses.some((s) => (s.restartCount ?? 0) > 0 || !s.ready || s.state?.terminated !== undefined);
}

async function sampleLogs(clients: ClusterClients, namespace: string, pods: V1Pod[], warnings: string[]): Promise<PodLogSample[]> {
  const unhealthy = pods.filter(isUnhealthy).slice(0, MAX_LOG_SAMPLE_PODS);
  const samples: PodLogSample[] = [];
  await Promise.all(
    unhealthy.map(async (pod) => {
      const name = pod.metadata?.name ?? "";
      for (const status of pod.status?.containerStatuses ?? []) {
        // A crashed container's reason is in the previous instance's log; a running one speaks for itself.
        const previous = (status.restartCount ?? 0) > 0 && !status.state?.running;
        try {
          const text = await readPodLogs({ clients, namespace, pod: name, container: status.name, tailLines: LOG_SAMPLE_TAIL_LINES, previous, limitBytes: 64 * 1024 });
          const lines = text.split("\n").filter((l) => l.length > 0);
          if (lines.length > 0) samples.push({ pod: name, container: status.name, previous, lines });
        } catch (error) {
          // A container that never started has no log; that is not worth a warning.
          if (status.state?.waiting === undefined) warnings.push(describeFailure(`logs of ${name}/${status.name}`, error));
        }
      }
    }),
  );
  return samples.sort((a, b) => a.pod.localeCompare(b.pod) || a.container.localeCompare(b.container));
}

/** Collects the snapshot analyzers run on. */
export async function collectClusterSnapshot(options: CollectClusterSnapshotOptions): Promise<ClusterSnapshot> {
  const { clients, namespace } = options;
  const warnings: string[] = [];
  const read = async <T>(what: string, fn: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await fn();
    } catch (error) {
      warnings.push(describeFailure(what, error));
      return [];
    }
  };
  const base = { clients, namespace };
  const [pods, deployments, replicaSets, services, endpoints, events, resourceQuotas, networkPolicies, configMaps, secrets, nodes, chaos] = await Promise.all([
    read("pods", () => listPods(base)),
    read("deployments", () => listDeployments(base)),
    read("replicasets", () => listReplicaSets(base)),
    read("services", () => listServices(base)),
    read("endpoints", () => listEndpoints(base)),
    read("events", () => listEvents(base)),
    read("resourcequotas", () => listResourceQuotas(base)),
    read("networkpolicies", () => listNetworkPolicies(base)),
    read("configmaps", () => listConfigMapKeys(base)),
    read("secrets", () => listSecretKeys(base)),
    read<V1Node>("nodes", async () => (await clients.core.listNode()).items),
    read("chaos objects", () => listChaosObjects(base)),
  ]);
  const logSamples = options.sampleLogs === false ? [] : await sampleLogs(clients, namespace, pods, warnings);
  return {
    namespace,
    collectedAt: (options.now?.() ?? new Date()).toISOString(),
    pods,
    deployments,
    replicaSets,
    services,
    endpoints,
    events,
    resourceQuotas,
    networkPolicies,
    configMaps,
    secrets,
    nodes,
    chaos,
    logSamples,
    warnings,
  };
}
