import "server-only";
/** Delete a NetworkPolicy that blocks legitimate traffic. Undo recreates it from the snapshot. */
import { z } from "zod";
import { defineDeleteObjectAction } from "./delete-object-action";
import { networkPolicyClient } from "./kind-clients";
import type { V1LabelSelector } from "@kubernetes/client-node";
import { matchesLabelSelector } from "../label-selector";
import { labelsOf } from "./object-fields";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

export const deleteNetworkPolicyParams = z.object({ namespace: namespaceField, name: nameField("NetworkPolicy") }).strict();
export type DeleteNetworkPolicyParams = z.infer<typeof deleteNetworkPolicyParams>;

/** Risk: medium: traffic the policy denied (maybe on purpose) is allowed again. */
export const deleteNetworkPolicy = defineDeleteObjectAction({
  type: "delete-network-policy",
  params: deleteNetworkPolicyParams,
  kindOf: () => "NetworkPolicy",
  clientOf: () => networkPolicyClient,
  riskOf: () => "medium",
  describe: (p) => ({
    summary: `Delete NetworkPolicy ${p.namespace}/${p.name}`,
    kubectl: shellCommand(["kubectl", "delete", "networkpolicy", p.name, "-n", p.namespace]),
  }),
  selectsPod(_ctx, live) {
    // `podSelector: {}` selects every pod of the namespace, as the API defines it.
    const selector = (live.spec as { podSelector?: V1LabelSelector } | undefined)?.podSelector ?? {};
    return (pod) => matchesLabelSelector(selector, labelsOf(pod));
  },
});
