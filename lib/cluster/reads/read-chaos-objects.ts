import "server-only";
/**
 * Fault-injection objects present in a namespace: Chaos Mesh NetworkChaos / StressChaos and the
 * simulator's DatabaseFault. On a cluster without these CRDs the list answers 404: no objects.
 */
import { isApiError } from "../api-errors";
import type { ChaosObject } from "./cluster-snapshot";
import type { NamespaceReadOptions } from "./read-deployments";
import { timestampIso } from "./timestamps";

/** The custom resources read as fault injections, by group/version/plural. */
export const CHAOS_RESOURCES = [
  { kind: "NetworkChaos", group: "chaos-mesh.org", version: "v1alpha1", plural: "networkchaos" },
  { kind: "StressChaos", group: "chaos-mesh.org", version: "v1alpha1", plural: "stresschaos" },
  { kind: "DatabaseFault", group: "faults.agentic-sre.dev", version: "v1alpha1", plural: "databasefaults" },
] as const;

interface CustomObject {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string };
  spec?: Record<string, unknown>;
}

/** Every chaos object of the namespace; kinds the cluster does not serve are skipped. */
export async function listChaosObjects(options: NamespaceReadOptions): Promise<ChaosObject[]> {
  const found: ChaosObject[] = [];
  for (const resource of CHAOS_RESOURCES) {
    let list: { items?: CustomObject[] };
    try {
      list = (await options.clients.customObjects.listNamespacedCustomObject({ group: resource.group, version: resource.version, namespace: options.namespace, plural: resource.plural })) as { items?: CustomObject[] };
    } catch (error) {
      if (isApiError(error, 404)) continue;
      throw error;
    }
    for (const item of list.items ?? []) {
      const createdAt = timestampIso(item.metadata?.creationTimestamp);
      found.push({ kind: resource.kind, name: item.metadata?.name ?? "", namespace: item.metadata?.namespace ?? options.namespace, spec: item.spec ?? {}, ...(createdAt ? { createdAt } : {}) });
    }
  }
  return found;
}
