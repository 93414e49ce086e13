import "server-only";
/** resource_quotas: each ResourceQuota's hard limits against current usage. */
import { z } from "zod";
import { listResourceQuotas } from "../../cluster/reads";
import { namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

export const resourceQuotasTool = defineTool({
  name: "resource_quotas",
  description: "Show the namespace's ResourceQuotas: for each resource (pods, requests.cpu, limits.memory...) the hard limit and the amount used; flags resources at or over their limit (new pods are then refused with FailedCreate).",
  parameters: z.object({ namespace: namespaceParam }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const quotas = await listResourceQuotas({ clients: ctx.clients, namespace });
    const lines = [`ResourceQuotas in ${namespace}: ${quotas.length}`];
    const data = quotas.map((q) => {
      const hard = q.status?.hard ?? q.spec?.hard ?? {};
      const used = q.status?.used ?? {};
      const resources = Object.keys(hard).sort().map((resource) => ({ resource, hard: hard[resource] ?? "", used: used[resource] ?? "0", atLimit: used[resource] !== undefined && used[resource] === hard[resource] }));
      lines.push(`- ${q.metadata?.name ?? ""}:`);
      for (const r of resources) lines.push(`  ${r.resource}: used ${r.used} of ${r.hard}${r.atLimit ? " (AT LIMIT)" : ""}`);
      return { name: q.metadata?.name ?? "", resources };
    });
    return toolOk(lines.join("\n"), { data: { namespace, quotas: data } });
  },
});
