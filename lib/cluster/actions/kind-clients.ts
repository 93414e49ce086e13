import "server-only";
/**
 * The Kubernetes calls of the action catalogue, one small client per kind it may touch. Every
 * call is an object-parameter client-node call; patches are always JSON patches (explicit
 * strategy, so `test` ops guard against concurrent changes); `dryRun: "All"` makes the server run
 * every admission and validation stage without persisting.
 */
import { PatchStrategy } from "@kubernetes/client-node";
import { patchOptions } from "../patch-options";
import type { ActionContext, KubeObject } from "./types";
import { toModelJson, toWireObject } from "./wire-json";

/** Who the API server records as the writer (managedFields, audit logs). */
export const FIELD_MANAGER = "agentic-sre";

/** RFC 6902 operation. */
export interface JsonPatchOp {
  op: "add" | "remove" | "replace" | "test";
  path: string;
  value?: unknown;
}

export interface DeletePreconditions {
  uid?: string;
  resourceVersion?: string;
}

/** get / patch / create / delete of one kind, returning wire JSON. */
export interface KindClient {
  apiVersion: string;
  kind: string;
  /** Resource name for `kubectl` (e.g. `networkchaos.chaos-mesh.org`). */
  kubectlResource: string;
  get(ctx: ActionContext, namespace: string, name: string): Promise<KubeObject>;
  patch(ctx: ActionContext, namespace: string, name: string, ops: JsonPatchOp[], dryRun: boolean): Promise<KubeObject>;
  create(ctx: ActionContext, namespace: string, body: KubeObject, dryRun: boolean): Promise<KubeObject>;
  delete(ctx: ActionContext, namespace: string, name: string, options: { dryRun: boolean; preconditions?: DeletePreconditions }): Promise<void>;
}

const jsonPatch = () => patchOptions(PatchStrategy.JsonPatch);
const dry = (dryRun: boolean) => (dryRun ? { dryRun: "All" } : {});
const deleteBody = (preconditions?: DeletePreconditions) => (preconditions ? { body: { preconditions } } : {});

export const deploymentClient: KindClient = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  kubectlResource: "deployment",
  async get(ctx, namespace, name) {
    return toWireObject(await ctx.clients.apps.readNamespacedDeployment({ namespace, name }));
  },
  async patch(ctx, namespace, name, ops, dryRun) {
    return toWireObject(await ctx.clients.apps.patchNamespacedDeployment({ namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()));
  },
  async create(ctx, namespace, body, dryRun) {
    return toWireObject(await ctx.clients.apps.createNamespacedDeployment({ namespace, body: toModelJson(body, "V1Deployment") as never, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
  },
  async delete() {
    // Deleting a Deployment loses its rollout history: not in the catalogue.
    throw new Error("deleting Deployments is not supported by the action catalogue");
  },
};

export const serviceClient: KindClient = {
  apiVersion: "v1",
  kind: "Service",
  kubectlResource: "service",
  async get(ctx, namespace, name) {
    return toWireObject(await ctx.clients.core.readNamespacedService({ namespace, name }));
  },
  async patch(ctx, namespace, name, ops, dryRun) {
    return toWireObject(await ctx.clients.core.patchNamespacedService({ namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()));
  },
  async create(ctx, namespace, body, dryRun) {
    return toWireObject(await ctx.clients.core.createNamespacedService({ namespace, body: toModelJson(body, "V1Service") as never, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
  },
  async delete(ctx, namespace, name, { dryRun, preconditions }) {
    await ctx.clients.core.deleteNamespacedService({ namespace, name, ...dry(dryRun), ...deleteBody(preconditions) });
  },
};

export const resourceQuotaClient: KindClient = {
  apiVersion: "v1",
  kind: "ResourceQuota",
  kubectlResource: "resourcequota",
  async get(ctx, namespace, name) {
    return toWireObject(await ctx.clients.core.readNamespacedResourceQuota({ namespace, name }));
  },
  async patch(ctx, namespace, name, ops, dryRun) {
    return toWireObject(await ctx.clients.core.patchNamespacedResourceQuota({ namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()));
  },
  async create(ctx, namespace, body, dryRun) {
    return toWireObject(await ctx.clients.core.createNamespacedResourceQuota({ namespace, body: toModelJson(body, "V1ResourceQuota") as never, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
  },
  async delete(ctx, namespace, name, { dryRun, preconditions }) {
    await ctx.clients.core.deleteNamespacedResourceQuota({ namespace, name, ...dry(dryRun), ...deleteBody(preconditions) });
  },
};

export const networkPolicyClient: KindClient = {
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  kubectlResource: "networkpolicy",
  async get(ctx, namespace, name) {
    return toWireObject(await ctx.clients.networking.readNamespacedNetworkPolicy({ namespace, name }));
  },
  async patch(ctx, namespace, name, ops, dryRun) {
    return toWireObject(await ctx.clients.networking.patchNamespacedNetworkPolicy({ namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()));
  },
  async create(ctx, namespace, body, dryRun) {
    return toWireObject(await ctx.clients.networking.createNamespacedNetworkPolicy({ namespace, body: toModelJson(body, "V1NetworkPolicy") as never, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
  },
  async delete(ctx, namespace, name, { dryRun, preconditions }) {
    await ctx.clients.networking.deleteNamespacedNetworkPolicy({ namespace, name, ...dry(dryRun), ...deleteBody(preconditions) });
  },
};

export const podClient: KindClient = {
  apiVersion: "v1",
  kind: "Pod",
  kubectlResource: "pod",
  async get(ctx, namespace, name) {
    return toWireObject(await ctx.clients.core.readNamespacedPod({ namespace, name }));
  },
  async patch(ctx, namespace, name, ops, dryRun) {
    return toWireObject(await ctx.clients.core.patchNamespacedPod({ namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()));
  },
  async create(ctx, namespace, body, dryRun) {
    return toWireObject(await ctx.clients.core.createNamespacedPod({ namespace, body: toModelJson(body, "V1Pod") as never, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
  },
  async delete(ctx, namespace, name, { dryRun, preconditions }) {
    await ctx.clients.core.deleteNamespacedPod({ namespace, name, ...dry(dryRun), ...deleteBody(preconditions) });
  },
};

/** A custom resource (Chaos Mesh, the simulator's DatabaseFault) through CustomObjectsApi. */
function customResourceClient(group: string, version: string, kind: string, plural: string): KindClient {
  const base = { group, version, plural };
  return {
    apiVersion: `${group}/${version}`,
    kind,
    kubectlResource: `${plural}.${group}`,
    async get(ctx, namespace, name) {
      return toWireObject(await ctx.clients.customObjects.getNamespacedCustomObject({ ...base, namespace, name }));
    },
    async patch(ctx, namespace, name, ops, dryRun) {
      return toWireObject(
        await ctx.clients.customObjects.patchNamespacedCustomObject({ ...base, namespace, name, body: ops, fieldManager: FIELD_MANAGER, ...dry(dryRun) }, jsonPatch()),
      );
    },
    async create(ctx, namespace, body, dryRun) {
      return toWireObject(await ctx.clients.customObjects.createNamespacedCustomObject({ ...base, namespace, body, fieldManager: FIELD_MANAGER, ...dry(dryRun) }));
    },
    async delete(ctx, namespace, name, { dryRun, preconditions }) {
      await ctx.clients.customObjects.deleteNamespacedCustomObject({ ...base, namespace, name, ...dry(dryRun), ...deleteBody(preconditions) });
    },
  };
}

/** Chaos objects the catalogue may delete, by kind (group/kind from lib/sim/resources.ts). */
export const CHAOS_CLIENTS = {
  NetworkChaos: customResourceClient("chaos-mesh.org", "v1alpha1", "NetworkChaos", "networkchaos"),
  StressChaos: customResourceClient("chaos-mesh.org", "v1alpha1", "StressChaos", "stresschaos"),
  DatabaseFault: customResourceClient("faults.agentic-sre.dev", "v1alpha1", "DatabaseFault", "databasefaults"),
} as const satisfies Record<string, KindClient>;

/** Pods of a namespace, as wire JSON. */
export async function listPods(ctx: ActionContext, namespace: string): Promise<KubeObject[]> {
  return (await ctx.clients.core.listNamespacedPod({ namespace })).items.map(toWireObject);
}

/** Services of a namespace, as wire JSON. */
export async function listServices(ctx: ActionContext, namespace: string): Promise<KubeObject[]> {
  return (await ctx.clients.core.listNamespacedService({ namespace })).items.map(toWireObject);
}

/** ReplicaSets of a namespace, as wire JSON. */
export async function listReplicaSets(ctx: ActionContext, namespace: string): Promise<KubeObject[]> {
  return (await ctx.clients.apps.listNamespacedReplicaSet({ namespace })).items.map(toWireObject);
}
