import "server-only";
/** Set a container's image in a Deployment's pod template (`kubectl set image`). */
import { z } from "zod";
import { deploymentClient } from "./kind-clients";
import { deploymentSelectsPod, deploymentSpec, findContainer } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { containerField, nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

export const setImageParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    container: containerField,
    image: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[^\s]+$/, "must be an image reference without spaces")
      .describe("Image reference to run, e.g. registry.example/shop/cart:1.4.2 or with @sha256:digest"),
  })
  .strict();
export type SetImageParams = z.infer<typeof setImageParams>;

/** Risk: medium, always: a new image is new code (or a rollback to old code) in every pod. */
export const setImage = defineFieldPatchAction({
  type: "set-image",
  params: setImageParams,
  client: deploymentClient,
  riskOf: () => "medium",
  describe: (p) => ({
    summary: `Set image of container ${p.container} in Deployment ${p.namespace}/${p.name} to ${p.image}`,
    kubectl: shellCommand(["kubectl", "set", "image", `deployment/${p.name}`, "-n", p.namespace, `${p.container}=${p.image}`]),
  }),
  change(_ctx, live, params) {
    const { index, guard } = findContainer(live, params.container);
    const desired = structuredClone(live);
    const container = deploymentSpec(desired).template?.spec?.containers?.[index];
    if (container) container.image = params.image;
    return { desired, paths: [`/spec/template/spec/containers/${index}/image`], guards: [guard] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
