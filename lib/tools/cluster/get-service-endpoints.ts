import "server-only";
/** get_service_endpoints: why a Service does or does not route: selector, pods, addresses, targetPort match. */
import { z } from "zod";
import { listPods, readEndpoints, readService, summarizeService } from "../../cluster/reads";
import { boundList } from "../bound";
import { namespaceParam, objectNameParam } from "../params";
import { defineTool, toolError, toolOk } from "../types";
import { portWords } from "./list-services";

/** Addresses shown per readiness state. */
const MAX_ADDRESSES = 30;

export const getServiceEndpointsTool = defineTool({
  name: "get_service_endpoints",
  description:
    "Show one Service's routing: selector, the pods it selects, ready and not-ready endpoint addresses (with pod names), and for each port whether the targetPort matches a port some selected container exposes.",
  parameters: z.object({ namespace: namespaceParam, name: objectNameParam("service") }).strict(),
  async run(ctx, params) {
    const namespace = params.namespace ?? ctx.defaultNamespace;
    const base = { clients: ctx.clients, namespace };
    const service = await readService({ ...base, name: params.name });
    if (!service) return toolError(`service "${params.name}" not found in namespace ${namespace}; use list_services`);
    const [endpoints, pods] = await Promise.all([readEndpoints({ ...base, name: params.name }), listPods(base)]);
    const s = summarizeService(service, endpoints, pods);
    const selector = Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(",");
    const lines = [
      `Service ${namespace}/${s.name}: type=${s.type} clusterIP=${s.clusterIP ?? "<none>"}`,
      `selector: ${selector || "<none> (endpoints are managed by hand)"}`,
      `selected pods (${s.selectedPods.length}): ${s.selectedPods.join(", ") || "<none> — the selector matches no pod"}`,
      `ports: ${portWords(s)}`,
    ];
    for (const p of s.ports) {
      if (p.targetPortMatches === false) lines.push(`  targetPort ${p.targetPort} of port ${p.port} is not a containerPort of any selected pod; connections to it are refused`);
      else if (p.exposedBy.length) lines.push(`  targetPort ${p.targetPort} exposed by ${p.exposedBy.slice(0, 5).join(", ")}${p.exposedBy.length > 5 ? ` and ${p.exposedBy.length - 5} more` : ""}`);
    }
    let truncated = false;
    for (const [label, addresses] of [["ready addresses", s.readyAddresses], ["not-ready addresses", s.notReadyAddresses]] as const) {
      const bounded = boundList(addresses, { max: MAX_ADDRESSES, noun: "addresses" });
      truncated ||= bounded.omitted > 0;
      lines.push(`${label} (${addresses.length}): ${bounded.items.map((a) => `${a.ip}${a.pod ? `(${a.pod})` : ""}`).join(", ") || "<none>"}`);
      if (bounded.note) lines.push(bounded.note);
    }
    if (!endpoints && selector) lines.push("no Endpoints object exists for this service yet");
    return toolOk(lines.join("\n"), { data: s, truncated });
  },
});
