import "server-only";
/**
 * Replace a Service's ports (port / targetPort), the fix for a Service pointing at the wrong
 * container port. The list replaces `spec.ports` as a whole (JSON patch `replace`), so what the
 * model proposes is exactly what the Service will have; undo puts the old list back.
 */
import { z } from "zod";
import { serviceClient } from "./kind-clients";
import { defineFieldPatchAction } from "./field-patch-action";
import { nameField, namespaceField } from "./param-fields";
import { serviceSelectsPod } from "./service-fields";
import { shellCommand } from "./shell-quote";

const portNumber = z.number().int().min(1).max(65535);

export const servicePortSchema = z
  .object({
    name: z.string().min(1).max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label").optional().describe("Port name (required when the Service has several ports)"),
    port: portNumber.describe("Port the Service exposes"),
    targetPort: z.union([portNumber, z.string().min(1).max(15)]).optional().describe("Container port number, or the name of a container port, traffic is sent to"),
    protocol: z.enum(["TCP", "UDP", "SCTP"]).optional().describe("Protocol (default TCP)"),
    nodePort: z.number().int().min(1).max(65535).optional().describe("Node port for NodePort/LoadBalancer Services (keep the current one)"),
  })
  .strict();

export const patchServicePortsParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Service"),
    ports: z.array(servicePortSchema).min(1).max(20).describe("The Service's complete list of ports after the change"),
  })
  .strict();
export type PatchServicePortsParams = z.infer<typeof patchServicePortsParams>;

/** Risk: medium: every caller of the Service goes through the new ports at once. */
export const patchServicePorts = defineFieldPatchAction({
  type: "patch-service-ports",
  params: patchServicePortsParams,
  client: serviceClient,
  riskOf: () => "medium",
  describe: (p) => ({
    summary: `Set ports of Service ${p.namespace}/${p.name} to ${p.ports.map((port) => `${port.name ? `${port.name}:` : ""}${port.port}→${port.targetPort ?? port.port}`).join(", ")}`,
    kubectl: shellCommand(["kubectl", "patch", "service", p.name, "-n", p.namespace, "--type=json", "-p", JSON.stringify([{ op: "replace", path: "/spec/ports", value: p.ports }])]),
  }),
  change(_ctx, live, params) {
    const desired = structuredClone(live);
    (desired.spec as Record<string, unknown>).ports = params.ports;
    return { desired, paths: ["/spec/ports"] };
  },
  selectsPod: (live) => serviceSelectsPod(live),
  directServices: (p) => [p.name],
});
