import "server-only";
/** rollout_history: a Deployment's revisions from its ReplicaSets, like `kubectl rollout history`. */
import { z } from "zod";
import { formatAge, readDeploymentWithReplicaSets, rolloutRevisionsOf, timestampMs } from "../../cluster/reads";
import { listSection } from "../format-lines";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";

/** Revisions listed at most (newest kept). */
const MAX_REVISIONS = 20;

export const rolloutHistoryTool = defineTool({
  name: "rollout_history",
  description: "List a Deployment's rollout revisions (newest first) with ReplicaSet, change-cause, images, replicas and creation time. Use rollout_diff to see what changed between two revisions.",
  parameters: z.object({ namespace: namespaceParam, name: objectNameParam("deployment") }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const found = await readDeploymentWithReplicaSets({ clients: ctx.clients, namespace, name: params.name });
    if (!found) return toolError(`deployment "${params.name}" not found in namespace ${namespace}; use list_deployments`);
    const nowMs = ctx.now().getTime();
    const current = found.deployment.metadata?.annotations?.["deployment.kubernetes.io/revision"];
    const revisions = rolloutRevisionsOf(found.deployment, found.replicaSets).reverse();
    const section = listSection({
      heading: `Rollout history of deployment ${namespace}/${params.name} (current revision ${current ?? "?"}):`,
      items: revisions,
      max: MAX_REVISIONS,
      noun: "revisions",
      line: (r) => `- revision ${r.revision}${String(r.revision) === current ? " (current)" : ""}: replicaSet=${r.replicaSet} images=${r.images.join(",")} replicas=${r.replicas} ready=${r.readyReplicas} created=${r.createdAt ?? "?"} (${formatAge(timestampMs(r.createdAt), nowMs)} ago) change-cause=${r.changeCause ?? "<none>"}`,
    });
    const data = revisions.slice(0, MAX_REVISIONS).map(({ template: _template, ...rest }) => rest);
    return toolOk(section.text, { data: { deployment: params.name, namespace, currentRevision: current, revisions: data }, truncated: section.truncated });
  },
});
