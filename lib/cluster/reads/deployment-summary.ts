/** The state of a Deployment's rollout and replicas, as plain data (pure). */
import type { V1Deployment } from "@kubernetes/client-node";
import { formatLabelSelector } from "../label-selector";
import { timestampIso } from "./timestamps";

export interface DeploymentCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface DeploymentSummary {
  name: string;
  namespace: string;
  desired: number;
  ready: number;
  available: number;
  updated: number;
  unavailable: number;
  /** `deployment.kubernetes.io/revision` */
  revision?: string;
  images: { container: string; image: string }[];
  selector: string;
  conditions: DeploymentCondition[];
  paused: boolean;
  createdAt?: string;
  labels: Record<string, string>;
}

/** Summarises one Deployment. */
export function summarizeDeployment(deployment: V1Deployment): DeploymentSummary {
  const status = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const revision = deployment.metadata?.annotations?.["deployment.kubernetes.io/revision"];
  return {
    name: deployment.metadata?.name ?? "",
    namespace: deployment.metadata?.namespace ?? "",
    desired,
    ready: status.readyReplicas ?? 0,
    available: status.availableReplicas ?? 0,
    updated: status.updatedReplicas ?? 0,
    unavailable: status.unavailableReplicas ?? Math.max(0, desired - (status.availableReplicas ?? 0)),
    ...(revision ? { revision } : {}),
    images: (deployment.spec?.template.spec?.containers ?? []).map((c) => ({ container: c.name, image: c.image ?? "" })),
    selector: formatLabelSelector(deployment.spec?.selector),
    conditions: (status.conditions ?? []).map((c) => ({ type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) })),
    paused: deployment.spec?.paused ?? false,
    ...(deployment.metadata?.creationTimestamp ? { createdAt: timestampIso(deployment.metadata.creationTimestamp) } : {}),
    labels: { ...(deployment.metadata?.labels ?? {}) },
  };
}
