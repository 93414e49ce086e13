import "server-only";
/** Namespace reads: which namespaces exist (the topology view's picker, the graph route's 404). */
import type { ClusterClients } from "../client";
import { undefinedIfNotFound } from "./not-found";

/** Options of `listNamespaceNames`. */
export interface ListNamespaceNamesOptions {
  clients: ClusterClients;
}

/** Options of `namespaceExists`. */
export interface NamespaceExistsOptions {
  clients: ClusterClients;
  namespace: string;
}

/** Names of every namespace, sorted. */
export async function listNamespaceNames(options: ListNamespaceNamesOptions): Promise<string[]> {
  const list = await options.clients.core.listNamespace();
  return list.items.map((ns) => ns.metadata?.name ?? "").filter((name) => name.length > 0).sort();
}

/** True when the namespace exists (a list in a missing namespace answers empty, not 404, so ask directly). */
export async function namespaceExists(options: NamespaceExistsOptions): Promise<boolean> {
  return (await undefinedIfNotFound(options.clients.core.readNamespace({ name: options.namespace }))) !== undefined;
}
