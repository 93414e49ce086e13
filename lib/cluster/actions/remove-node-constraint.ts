import "server-only";
/**
 * Remove a Deployment pod template's nodeSelector or node affinity, the usual cause of pods
 * stuck Pending when no node carries the required labels. Undo puts the constraint back.
 */
import { z } from "zod";
import { ActionError } from "./action-error";
import { deploymentClient } from "./kind-clients";
import { deploymentSelectsPod } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { valueAt } from "./json-pointer";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

/** Where each constraint lives in a Deployment. */
const CONSTRAINT_PATHS = {
  nodeSelector: "/spec/template/spec/nodeSelector",
  nodeAffinity: "/spec/template/spec/affinity/nodeAffinity",
} as const;

export const removeNodeConstraintParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    constraint: z.enum(["nodeSelector", "nodeAffinity"]).describe("Which scheduling constraint of the pod template to remove"),
  })
  .strict();
export type RemoveNodeConstraintParams = z.infer<typeof removeNodeConstraintParams>;

/** Risk: medium: pods may land on nodes the constraint kept them off (hardware, zone, licensing). */
export const removeNodeConstraint = defineFieldPatchAction({
  type: "remove-node-constraint",
  params: removeNodeConstraintParams,
  client: deploymentClient,
  riskOf: () => "medium",
  describe: (p) => ({
    summary: `Remove the ${p.constraint} from the pod template of Deployment ${p.namespace}/${p.name}`,
    kubectl: shellCommand(["kubectl", "patch", "deployment", p.name, "-n", p.namespace, "--type=json", "-p", JSON.stringify([{ op: "remove", path: CONSTRAINT_PATHS[p.constraint] }])]),
  }),
  change(_ctx, live, params) {
    const path = CONSTRAINT_PATHS[params.constraint];
    if (!valueAt(live, path).present) throw new ActionError("NotFound", `Deployment ${params.namespace}/${params.name} has no ${params.constraint} in its pod template`);
    const desired = structuredClone(live);
    const podSpec = (desired.spec as { template?: { spec?: Record<string, unknown> } }).template?.spec ?? {};
    if (params.constraint === "nodeSelector") delete podSpec.nodeSelector;
    else delete (podSpec.affinity as Record<string, unknown> | undefined)?.nodeAffinity;
    return { desired, paths: [path] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
