import "server-only";
/** list_deployments: every Deployment of a namespace with its replica counts and images. */
import { z } from "zod";
import { listDeployments, summarizeDeployment, type DeploymentSummary } from "../../cluster/reads";
import { DEFAULT_MAX_LIST_ITEMS } from "../bound";
import { listSection, pairs } from "../format-lines";
import { limitParam, namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

/** A Deployment as one line. */
export function deploymentLine(d: DeploymentSummary): string {
  const failing = d.conditions.filter((c) => c.status !== "True" || c.type === "ReplicaFailure").map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ""}`);
  return `- ${d.name} ${pairs({ desired: d.desired, ready: d.ready, available: d.available, updated: d.updated, revision: d.revision, images: d.images.map((i) => i.image).join(","), paused: d.paused || undefined, conditions: failing.join(",") || undefined })}`;
}

export const listDeploymentsTool = defineTool({
  name: "list_deployments",
  description: "List Deployments in a namespace with desired/ready/available/updated replicas, current revision, images, and any failing condition.",
  parameters: z.object({ namespace: namespaceParam, limit: limitParam }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const deployments = (await listDeployments({ clients: ctx.clients, namespace })).map(summarizeDeployment);
    const max = params.limit ?? DEFAULT_MAX_LIST_ITEMS;
    const section = listSection({ heading: `Deployments in ${namespace}: ${deployments.length}`, items: deployments, max, noun: "deployments", line: deploymentLine });
    return toolOk(section.text, { data: { namespace, deployments: deployments.slice(0, max) }, truncated: section.truncated });
  },
});
