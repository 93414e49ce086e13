import "server-only";
/** rollout_diff: what changed in the pod template between two revisions of a Deployment. */
import { z } from "zod";
import { diffPodTemplates, readDeploymentWithReplicaSets, rolloutRevisionsOf } from "../../cluster/reads";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";

export const rolloutDiffTool = defineTool({
  name: "rollout_diff",
  description:
    "Compare the pod templates of two revisions of a Deployment: images, command/args, env, resources, ports, probes, nodeSelector/affinity/tolerations, volumes. Defaults: the current revision against the one before it.",
  parameters: z
    .object({
      namespace: namespaceParam,
      name: objectNameParam("deployment"),
      fromRevision: z.number().int().min(1).optional().describe("Older revision (default: the one before toRevision)"),
      toRevision: z.number().int().min(1).optional().describe("Newer revision (default: the current revision)"),
    })
    .strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const found = await readDeploymentWithReplicaSets({ clients: ctx.clients, namespace, name: params.name });
    if (!found) return toolError(`deployment "${params.name}" not found in namespace ${namespace}; use list_deployments`);
    const revisions = rolloutRevisionsOf(found.deployment, found.replicaSets);
    const available = revisions.map((r) => r.revision).join(", ") || "none";
    const to = params.toRevision !== undefined ? revisions.find((r) => r.revision === params.toRevision) : revisions.at(-1);
    if (!to) return toolError(`toRevision: revision ${params.toRevision ?? "current"} not found; available revisions: ${available}`);
    const from = params.fromRevision !== undefined ? revisions.find((r) => r.revision === params.fromRevision) : [...revisions].reverse().find((r) => r.revision < to.revision);
    if (!from) return toolError(`fromRevision: ${params.fromRevision !== undefined ? `revision ${params.fromRevision} not found` : `no revision before ${to.revision}`}; available revisions: ${available}`);
    const changes = diffPodTemplates(from.template, to.template);
    const lines = [`Deployment ${namespace}/${params.name}: revision ${from.revision} (${from.replicaSet}) -> revision ${to.revision} (${to.replicaSet}): ${changes.length} change(s)`];
    for (const c of changes) lines.push(`- ${c.field}: ${c.before ?? "<unset>"} -> ${c.after ?? "<unset>"}`);
    if (changes.length === 0) lines.push("  the pod templates are identical");
    return toolOk(lines.join("\n"), { data: { from: from.revision, to: to.revision, changes } });
  },
});
