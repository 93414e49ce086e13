import "server-only";
/**
 * config_refs: the ConfigMaps and Secrets a workload references and whether each object and key
 * exists. Reads key names only; Secret values never enter this tool.
 */
import type { V1PodSpec } from "@kubernetes/client-node";
import { z } from "zod";
import { checkConfigRefs, configRefsOf, listConfigMapKeys, listSecretKeys, readDeployment, readPod } from "../../cluster/reads";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";

export const configRefsTool = defineTool({
  name: "config_refs",
  description:
    "List the ConfigMaps and Secrets a Deployment or Pod references (env valueFrom, envFrom, volumes, imagePullSecrets) and whether each object and key exists. Broken references explain CreateContainerConfigError and FailedMount. Never shows Secret values.",
  parameters: z
    .object({
      namespace: namespaceParam,
      kind: z.enum(["Deployment", "Pod"]).describe("Kind of the workload"),
      name: objectNameParam("workload"),
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const base = { clients: ctx.clients, namespace };
    let spec: V1PodSpec | undefined;
    if (params.kind === "Deployment") {
      const d = await readDeployment({ ...base, name: params.name });
      if (!d) return toolError(`deployment "${params.name}" not found in namespace ${namespace}`);
      spec = d.spec?.template.spec;
    } else {
      const p = await readPod({ ...base, name: params.name });
      if (!p) return toolError(`pod "${params.name}" not found in namespace ${namespace}`);
      spec = p.spec;
    }
    const [configMaps, secrets] = await Promise.all([listConfigMapKeys(base), listSecretKeys(base)]);
    const checked = checkConfigRefs(configRefsOf(spec), configMaps, secrets);
    const lines = [`Config references of ${params.kind} ${namespace}/${params.name}: ${checked.length} (${checked.filter((c) => c.broken).length} broken)`];
    for (const ref of checked) {
      const target = `${ref.kind.toLowerCase()} ${ref.name}${ref.key !== undefined ? ` key ${ref.key}` : ""}`;
      const state = !ref.objectExists ? `MISSING: ${ref.kind} ${ref.name} does not exist` : ref.keyExists === false ? `BROKEN: ${ref.kind} ${ref.name} has no key ${ref.key ?? ""} (keys: ${(ref.kind === "ConfigMap" ? configMaps : secrets).find((o) => o.name === ref.name)?.keys.join(", ") || "none"})` : "ok";
      // "[state]" rather than ": state": a key named like a secret ("password: ok") would read as a secret assignment to the redactor.
      lines.push(`- ${ref.usedBy} -> ${target}${ref.optional ? " (optional)" : ""} [${state}]`);
    }
    return toolOk(lines.join("\n"), { data: { namespace, kind: params.kind, name: params.name, refs: checked } });
  },
});
