import "server-only";
/**
 * ConfigMaps and Secrets reduced to their key names at the read boundary: values (Secret data
 * above all) are dropped here, before anything else in the app can hold them.
 */
import type { ObjectKeys } from "./config-ref-check";
import type { NamespaceReadOptions } from "./read-deployments";

/** Names and keys of the namespace's ConfigMaps (data and binaryData keys). */
export async function listConfigMapKeys(options: NamespaceReadOptions): Promise<ObjectKeys[]> {
  const list = await options.clients.core.listNamespacedConfigMap({ namespace: options.namespace });
  return list.items.map((cm) => ({ name: cm.metadata?.name ?? "", keys: [...Object.keys(cm.data ?? {}), ...Object.keys(cm.binaryData ?? {})].sort() }));
}

/** Names, types and key names of the namespace's Secrets; the values are never kept. */
export async function listSecretKeys(options: NamespaceReadOptions): Promise<ObjectKeys[]> {
  const list = await options.clients.core.listNamespacedSecret({ namespace: options.namespace });
  return list.items.map((secret) => ({
    name: secret.metadata?.name ?? "",
    keys: [...new Set([...Object.keys(secret.data ?? {}), ...Object.keys(secret.stringData ?? {})])].sort(),
    ...(secret.type ? { type: secret.type } : {}),
  }));
}
