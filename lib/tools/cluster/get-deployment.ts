import "server-only";
/** get_deployment: one Deployment's rollout state, conditions, images, selector and strategy. */
import { z } from "zod";
import { readDeployment, summarizeDeployment } from "../../cluster/reads";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";

export const getDeploymentTool = defineTool({
  name: "get_deployment",
  description: "Show one Deployment: replicas desired/ready/available/updated/unavailable, revision, conditions with reasons and messages (e.g. ProgressDeadlineExceeded), images per container, selector and strategy.",
  parameters: z.object({ namespace: namespaceParam, name: objectNameParam("deployment") }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const deployment = await readDeployment({ clients: ctx.clients, namespace, name: params.name });
    if (!deployment) return toolError(`deployment "${params.name}" not found in namespace ${namespace}; use list_deployments`);
    const d = summarizeDeployment(deployment);
    const strategy = deployment.spec?.strategy;
    const lines = [
      `Deployment ${namespace}/${d.name}: desired=${d.desired} ready=${d.ready} available=${d.available} updated=${d.updated} unavailable=${d.unavailable}${d.paused ? " (paused)" : ""}`,
      `revision: ${d.revision ?? "<none>"}`,
      `selector: ${d.selector}`,
      `strategy: ${strategy?.type ?? "RollingUpdate"}${strategy?.rollingUpdate ? ` maxSurge=${String(strategy.rollingUpdate.maxSurge ?? "25%")} maxUnavailable=${String(strategy.rollingUpdate.maxUnavailable ?? "25%")}` : ""}`,
      `images: ${d.images.map((i) => `${i.container}=${i.image}`).join(", ")}`,
      "conditions:",
      ...(d.conditions.length ? d.conditions.map((c) => `  ${c.type}=${c.status}${c.reason ? ` reason=${c.reason}` : ""}${c.message ? `: ${c.message}` : ""}`) : ["  <none>"]),
    ];
    return toolOk(lines.join("\n"), { data: d });
  },
});
