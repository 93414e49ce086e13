import "server-only";
/** ResourceQuota and NetworkPolicy reads. */
import type { V1NetworkPolicy, V1ResourceQuota } from "@kubernetes/client-node";
import type { NamespaceReadOptions } from "./read-deployments";

/** ResourceQuotas of a namespace. */
export async function listResourceQuotas(options: NamespaceReadOptions): Promise<V1ResourceQuota[]> {
  return (await options.clients.core.listNamespacedResourceQuota({ namespace: options.namespace })).items;
}

/** NetworkPolicies of a namespace. */
export async function listNetworkPolicies(options: NamespaceReadOptions): Promise<V1NetworkPolicy[]> {
  return (await options.clients.networking.listNamespacedNetworkPolicy({ namespace: options.namespace })).items;
}
