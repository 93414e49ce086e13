import "server-only";
/** Deployment and ReplicaSet reads (rollout history is built from the ReplicaSets). */
import type { V1Deployment, V1ReplicaSet } from "@kubernetes/client-node";
import type { ClusterClients } from "../client";
import { undefinedIfNotFound } from "./not-found";
import { isOwnedBy } from "./rollout-revisions";

export interface NamespaceReadOptions {
  clients: ClusterClients;
  namespace: string;
}

export interface NamedReadOptions extends NamespaceReadOptions {
  name: string;
}

/** Deployments of a namespace, sorted by name. */
export async function listDeployments(options: NamespaceReadOptions): Promise<V1Deployment[]> {
  const list = await options.clients.apps.listNamespacedDeployment({ namespace: options.namespace });
  return [...list.items].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
}

/** One Deployment, or undefined when it does not exist. */
export async function readDeployment(options: NamedReadOptions): Promise<V1Deployment | undefined> {
  return undefinedIfNotFound(options.clients.apps.readNamespacedDeployment({ namespace: options.namespace, name: options.name }));
}

/** ReplicaSets of a namespace. */
export async function listReplicaSets(options: NamespaceReadOptions): Promise<V1ReplicaSet[]> {
  const list = await options.clients.apps.listNamespacedReplicaSet({ namespace: options.namespace });
  return list.items;
}

/** A Deployment with the ReplicaSets it owns, or undefined when the Deployment does not exist. */
export async function readDeploymentWithReplicaSets(options: NamedReadOptions): Promise<{ deployment: V1Deployment; replicaSets: V1ReplicaSet[] } | undefined> {
  const deployment = await readDeployment(options);
  if (!deployment) return undefined;
  const replicaSets = (await listReplicaSets(options)).filter((rs) => isOwnedBy(rs, deployment));
  return { deployment, replicaSets };
}
