import "server-only";
/**
 * Scale a Deployment (`kubectl scale`). Sent as a JSON patch of `/spec/replicas` on the
 * Deployment rather than through the scale subresource, so the patch can `test` the replica
 * count the snapshot saw; the effect is the same.
 */
import { z } from "zod";
import { deploymentClient } from "./kind-clients";
import { deploymentSelectsPod, deploymentSpec } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

/** Upper bound the model may ask for; beyond it is a capacity decision, not a mitigation. */
export const MAX_SCALE_REPLICAS = 100;

export const scaleDeploymentParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    replicas: z.number().int().min(0).max(MAX_SCALE_REPLICAS).describe(`Desired replica count (0-${MAX_SCALE_REPLICAS}); 0 stops the workload`),
  })
  .strict();
export type ScaleDeploymentParams = z.infer<typeof scaleDeploymentParams>;

/**
 * Risk: to 0 is high (takes the service down); below the current count is medium (less
 * capacity); up, or when the current count is unknown but not 0, is low / medium respectively.
 */
export const scaleDeployment = defineFieldPatchAction({
  type: "scale-deployment",
  params: scaleDeploymentParams,
  client: deploymentClient,
  riskOf(params, current) {
    if (params.replicas === 0) return "high";
    const replicas = current ? (deploymentSpec(current).replicas ?? 1) : undefined;
    if (replicas === undefined) return "medium";
    return params.replicas < replicas ? "medium" : "low";
  },
  describe: (p) => ({
    summary: `Scale Deployment ${p.namespace}/${p.name} to ${p.replicas} replica${p.replicas === 1 ? "" : "s"}`,
    kubectl: shellCommand(["kubectl", "scale", `deployment/${p.name}`, "-n", p.namespace, `--replicas=${p.replicas}`]),
  }),
  change(_ctx, live, params) {
    const desired = structuredClone(live);
    (desired.spec as { replicas?: number }).replicas = params.replicas;
    return { desired, paths: ["/spec/replicas"] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
