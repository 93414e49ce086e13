import "server-only";
/** list_services: Services with selectors, ports and how many endpoints are ready. */
import { z } from "zod";
import { listEndpoints, listPods, listServices, summarizeService, type ServiceSummary } from "../../cluster/reads";
import { DEFAULT_MAX_LIST_ITEMS } from "../bound";
import { listSection } from "../format-lines";
import { limitParam, namespaceParam } from "../params";
import { defineTool, toolOk } from "../types";

/** `80->8080/TCP` per port, flagged when no selected container exposes the targetPort. */
export function portWords(s: ServiceSummary): string {
  return s.ports.map((p) => `${p.port}->${p.targetPort}/${p.protocol}${p.targetPortMatches === false ? " (targetPort not exposed by any selected container!)" : ""}`).join(", ");
}

export const listServicesTool = defineTool({
  name: "list_services",
  description: "List Services in a namespace with type, selector, ports (port->targetPort), selected pods, and ready / not-ready endpoint counts. Flags targetPorts that no selected container exposes.",
  parameters: z.object({ namespace: namespaceParam, limit: limitParam }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const base = { clients: ctx.clients, namespace };
    const [services, endpoints, pods] = await Promise.all([listServices(base), listEndpoints(base), listPods(base)]);
    const summaries = services.map((s) => summarizeService(s, endpoints.find((e) => e.metadata?.name === s.metadata?.name), pods));
    const max = params.limit ?? DEFAULT_MAX_LIST_ITEMS;
    const section = listSection({
      heading: `Services in ${namespace}: ${summaries.length}`,
      items: summaries,
      max,
      noun: "services",
      line: (s) =>
        `- ${s.name} type=${s.type} selector=${Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(",") || "<none>"} ports=${portWords(s)} selectedPods=${s.selectedPods.length} endpoints ready=${s.readyAddresses.length} notReady=${s.notReadyAddresses.length}`,
    });
    return toolOk(section.text, { data: { namespace, services: summaries.slice(0, max) }, truncated: section.truncated });
  },
});
