/** Reads of a Deployment's pod template shared by the Deployment actions. */
import { ActionError, describeRef } from "./action-error";
import type { V1LabelSelector } from "@kubernetes/client-node";
import { matchesLabelSelector } from "../label-selector";
import { labelsOf, metadataOf } from "./object-fields";
import type { KubeObject } from "./types";
import type { FieldGuard } from "./undo-record";

export interface ContainerSpec {
  name: string;
  image?: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  [field: string]: unknown;
}

interface DeploymentShape {
  replicas?: number;
  paused?: boolean;
  selector?: V1LabelSelector;
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: { containers?: ContainerSpec[]; [field: string]: unknown } };
}

export function deploymentSpec(deployment: KubeObject): DeploymentShape {
  return (deployment.spec ?? {}) as DeploymentShape;
}

/** The named container's index, and a guard that it is still that container when we patch by index. */
export function findContainer(deployment: KubeObject, container: string): { index: number; spec: ContainerSpec; guard: FieldGuard } {
  const containers = deploymentSpec(deployment).template?.spec?.containers ?? [];
  const index = containers.findIndex((c) => c.name === container);
  const found = containers[index];
  if (index < 0 || !found) {
    const meta = metadataOf(deployment);
    const names = containers.map((c) => c.name).join(", ") || "none";
    throw new ActionError("NotFound", `container "${container}" not found in ${describeRef({ kind: "Deployment", namespace: meta.namespace ?? "", name: meta.name ?? "" })} (containers: ${names})`);
  }
  return { index, spec: found, guard: { path: `/spec/template/spec/containers/${index}/name`, value: container } };
}

/** Pods a Deployment selects (its ReplicaSets' pods carry the same labels). */
export function deploymentSelectsPod(deployment: KubeObject): (pod: KubeObject) => boolean {
  const selector = deploymentSpec(deployment).selector;
  return (pod) => matchesLabelSelector(selector, labelsOf(pod));
}
