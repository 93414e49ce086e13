import "server-only";
/** Service and Endpoints reads. */
import type { V1Endpoints, V1Service } from "@kubernetes/client-node";
import type { NamedReadOptions, NamespaceReadOptions } from "./read-deployments";
import { undefinedIfNotFound } from "./not-found";

/** Services of a namespace, sorted by name. */
export async function listServices(options: NamespaceReadOptions): Promise<V1Service[]> {
  const list = await options.clients.core.listNamespacedService({ namespace: options.namespace });
  return [...list.items].sort((a, b) => (a.metadata?.name ?? "").localeCompare(b.metadata?.name ?? ""));
}

/** One Service, or undefined. */
export async function readService(options: NamedReadOptions): Promise<V1Service | undefined> {
  return undefinedIfNotFound(options.clients.core.readNamespacedService({ namespace: options.namespace, name: options.name }));
}

/** Endpoints objects of a namespace. */
export async function listEndpoints(options: NamespaceReadOptions): Promise<V1Endpoints[]> {
  return (await options.clients.core.listNamespacedEndpoints({ namespace: options.namespace })).items;
}

/** The Endpoints of one Service, or undefined (none written yet, or the Service has no selector). */
export async function readEndpoints(options: NamedReadOptions): Promise<V1Endpoints | undefined> {
  return undefinedIfNotFound(options.clients.core.readNamespacedEndpoints({ namespace: options.namespace, name: options.name }));
}
