import "server-only";
/** network_policies: each NetworkPolicy's selected pods and its rules in words. */
import { z } from "zod";
import { listNetworkPolicies, summarizeNetworkPolicy } from "../../cluster/reads";
import { DEFAULT_MAX_LIST_ITEMS } from "../bound";
import { listSection } from "../format-lines";
import { namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

export const networkPoliciesTool = defineTool({
  name: "network_policies",
  description: "List NetworkPolicies in a namespace: which pods each selects and, in words, what ingress and egress it allows (anything not allowed is denied for the selected pods).",
  parameters: z.object({ namespace: namespaceParam }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const policies = (await listNetworkPolicies({ clients: ctx.clients, namespace })).map(summarizeNetworkPolicy);
    const section = listSection({
      heading: `NetworkPolicies in ${namespace}: ${policies.length}${policies.length === 0 ? " (all traffic allowed)" : ""}`,
      items: policies,
      max: DEFAULT_MAX_LIST_ITEMS,
      noun: "network policies",
      empty: "  (none)",
      line: (p) => [`- ${p.name} selects ${p.podSelector} (${p.policyTypes.join(", ")})`, ...(p.ingress ? [`  ingress: ${p.ingress}`] : []), ...(p.egress ? [`  egress: ${p.egress}`] : [])].join("\n"),
    });
    return toolOk(section.text, { data: { namespace, policies }, truncated: section.truncated });
  },
});
