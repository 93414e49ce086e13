import "server-only";
/** Pod reads. */
import type { V1Pod } from "@kubernetes/client-node";
import type { ClusterClients } from "../client";
import { undefinedIfNotFound } from "./not-found";

export interface ListPodsOptions {
  clients: ClusterClients;
  namespace: string;
  labelSelector?: string;
}

/** Pods of a namespace, optionally filtered by a label selector, sorted by name. */
export async function listPods(options: ListPodsOptions): Promise<V1Pod[]> {
  const list = await options.clients.core.listNamespacedPod({ namespace: options.namespace, ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}) });
  return [...list.items].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
}

export interface ReadPodOptions {
  clients: ClusterClients;
  namespace: string;
  name: string;
}

/** One pod, or undefined when it does not exist. */
export async function readPod(options: ReadPodOptions): Promise<V1Pod | undefined> {
  return undefinedIfNotFound(options.clients.core.readNamespacedPod({ namespace: options.namespace, name: options.name }));
}
