import "server-only";
/**
 * Delete a fault injected as a custom resource: Chaos Mesh NetworkChaos / StressChaos
 * (chaos-mesh.org/v1alpha1) or the simulator's DatabaseFault (faults.agentic-sre.dev/v1alpha1).
 * Only these kinds: the `kind` enum is the allow-list. Undo recreates the experiment.
 */
import { z } from "zod";
import { defineDeleteObjectAction } from "./delete-object-action";
import { CHAOS_CLIENTS } from "./kind-clients";
import { matchesServiceSelector } from "../label-selector";
import { labelsOf, metadataOf } from "./object-fields";
import { nameField, namespaceField } from "./param-fields";
import { serviceClient } from "./kind-clients";
import { serviceSelector } from "./service-fields";
import { shellCommand } from "./shell-quote";
import type { KubeObject } from "./types";

export const CHAOS_KINDS = ["NetworkChaos", "StressChaos", "DatabaseFault"] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

export const deleteChaosObjectParams = z
  .object({
    namespace: namespaceField,
    kind: z.enum(CHAOS_KINDS).describe("Kind of the fault object: NetworkChaos, StressChaos (chaos-mesh.org) or DatabaseFault (faults.agentic-sre.dev)"),
    name: nameField("chaos object"),
  })
  .strict();
export type DeleteChaosObjectParams = z.infer<typeof deleteChaosObjectParams>;

interface ChaosSelector {
  namespaces?: string[];
  labelSelectors?: Record<string, string>;
  pods?: Record<string, string[]>;
}

/** Pods a Chaos Mesh selector targets (ignoring `mode`, which only picks a subset of them). */
function chaosSelects(selector: ChaosSelector | undefined, namespace: string): (pod: KubeObject) => boolean {
  return (pod) => {
    const podNamespace = metadataOf(pod).namespace ?? namespace;
    const explicit = selector?.pods?.[podNamespace];
    if (explicit) return explicit.includes(metadataOf(pod).name ?? "");
    if (selector?.namespaces && !selector.namespaces.includes(podNamespace)) return false;
    return Object.entries(selector?.labelSelectors ?? {}).every(([k, v]) => labelsOf(pod)[k] === v);
  };
}

/** Risk: low: removing an injected fault returns the system to its normal behaviour. */
export const deleteChaosObject = defineDeleteObjectAction({
  type: "delete-chaos-object",
  params: deleteChaosObjectParams,
  kindOf: (p) => p.kind,
  clientOf: (kind) => CHAOS_CLIENTS[kind as ChaosKind],
  riskOf: () => "low",
  describe: (p) => ({
    summary: `Delete ${p.kind} ${p.namespace}/${p.name} (remove the injected fault)`,
    kubectl: shellCommand(["kubectl", "delete", CHAOS_CLIENTS[p.kind].kubectlResource, p.name, "-n", p.namespace]),
  }),
  async selectsPod(ctx, live, params) {
    if (params.kind !== "DatabaseFault") return chaosSelects((live.spec as { selector?: ChaosSelector } | undefined)?.selector, params.namespace);
    // A DatabaseFault hits the database behind the named Service.
    const database = (live.spec as { database?: string } | undefined)?.database;
    const service = database ? await serviceClient.get(ctx, params.namespace, database).catch(() => null) : null;
    const selector = serviceSelector(service);
    return (pod) => matchesServiceSelector(selector, labelsOf(pod));
  },
});
