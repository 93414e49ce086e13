/**
 * A point-in-time copy of the objects of one namespace (plus nodes) that the deterministic
 * analyzers read. Plain data: tests build one by hand, production fills it with
 * `collectClusterSnapshot`. ConfigMaps and Secrets are key names only.
 */
import type { CoreV1Event, V1Deployment, V1Endpoints, V1NetworkPolicy, V1Node, V1Pod, V1ReplicaSet, V1ResourceQuota, V1Service } from "@kubernetes/client-node";
import type { ObjectKeys } from "./config-ref-check";

/** A fault-injection custom resource (NetworkChaos, StressChaos, DatabaseFault). */
export interface ChaosObject {
  kind: string;
  name: string;
  namespace: string;
  spec: Record<string, unknown>;
  createdAt?: string;
}

/** The last lines of one container's log (current or previous instance). */
export interface PodLogSample {
  pod: string;
  container: string;
  previous: boolean;
  lines: string[];
}

export interface ClusterSnapshot {
  namespace: string;
  /** When it was collected (ISO); analyzers measure "recent" against it. */
  collectedAt: string;
  pods: V1Pod[];
  deployments: V1Deployment[];
  replicaSets: V1ReplicaSet[];
  services: V1Service[];
  endpoints: V1Endpoints[];
  events: CoreV1Event[];
  resourceQuotas: V1ResourceQuota[];
  networkPolicies: V1NetworkPolicy[];
  configMaps: ObjectKeys[];
  secrets: ObjectKeys[];
  nodes: V1Node[];
  chaos: ChaosObject[];
  logSamples: PodLogSample[];
  /** Reads that failed (e.g. 403 on secrets); the snapshot is still usable without them. */
  warnings: string[];
}

/** An empty snapshot to build on (tests, partial collections). */
export function emptySnapshot(namespace: string, collectedAt: string): ClusterSnapshot {
  return { namespace, collectedAt, pods: [], deployments: [], replicaSets: [], services: [], endpoints: [], events: [], resourceQuotas: [], networkPolicies: [], configMaps: [], secrets: [], nodes: [], chaos: [], logSamples: [], warnings: [] };
}
