import "server-only";
/** Set a container's resource requests and limits (`kubectl set resources`). */
import { z } from "zod";
import { deploymentClient } from "./kind-clients";
import { deploymentSelectsPod, deploymentSpec, findContainer } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { containerField, nameField, namespaceField } from "./param-fields";
import { QUANTITY_PATTERN, quantityDecreases } from "./quantity";
import { shellCommand } from "./shell-quote";

const quantity = (what: string) => z.string().regex(QUANTITY_PATTERN, "must be a Kubernetes quantity such as 250m, 1, 512Mi, 2Gi").describe(what);

const resourceList = z
  .object({
    cpu: quantity("CPU in cores or millicores, e.g. 500m").optional(),
    memory: quantity("Memory in bytes with a suffix, e.g. 512Mi").optional(),
    "ephemeral-storage": quantity("Local ephemeral storage, e.g. 1Gi").optional(),
  })
  .strict();

export const setResourcesParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    container: containerField,
    requests: resourceList.optional().describe("Requests to set (other requests are kept)"),
    limits: resourceList.optional().describe("Limits to set (other limits are kept)"),
  })
  .strict()
  .refine((p) => Object.keys(p.requests ?? {}).length + Object.keys(p.limits ?? {}).length > 0, { message: "give at least one request or limit", path: ["limits"] });
export type SetResourcesParams = z.infer<typeof setResourcesParams>;

type ResourceMap = Record<string, string>;

function entries(list: ResourceMap | undefined): [string, string][] {
  return Object.entries(list ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
}

/**
 * Risk: low when every given value raises (or keeps) the current one; medium when any lowers it
 * (OOMKilled or CPU throttling) or the current values are unknown.
 */
export const setResources = defineFieldPatchAction({
  type: "set-resources",
  params: setResourcesParams,
  client: deploymentClient,
  riskOf(params, current) {
    if (!current) return "medium";
    const container = deploymentSpec(current).template?.spec?.containers?.find((c) => c.name === params.container);
    if (!container) return "medium";
    const lowers = (["requests", "limits"] as const).some((kind) => entries(params[kind]).some(([name, value]) => quantityDecreases(container.resources?.[kind]?.[name], value)));
    return lowers ? "medium" : "low";
  },
  describe: (p) => {
    const flag = (kind: "requests" | "limits") => (entries(p[kind]).length ? [`--${kind}=${entries(p[kind]).map(([k, v]) => `${k}=${v}`).join(",")}`] : []);
    return {
      summary: `Set resources of container ${p.container} in Deployment ${p.namespace}/${p.name}: ${[...flag("requests"), ...flag("limits")].join(" ").replace(/--/g, "")}`,
      kubectl: shellCommand(["kubectl", "set", "resources", `deployment/${p.name}`, "-n", p.namespace, "-c", p.container, ...flag("requests"), ...flag("limits")]),
    };
  },
  change(_ctx, live, params) {
    const { index, spec, guard } = findContainer(live, params.container);
    const resources = structuredClone(spec.resources ?? {});
    for (const kind of ["requests", "limits"] as const) {
      const given = entries(params[kind]);
      if (given.length > 0) resources[kind] = { ...(resources[kind] ?? {}), ...Object.fromEntries(given) };
    }
    const desired = structuredClone(live);
    const container = deploymentSpec(desired).template?.spec?.containers?.[index];
    if (container) container.resources = resources;
    return { desired, paths: [`/spec/template/spec/containers/${index}/resources`], guards: [guard] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
