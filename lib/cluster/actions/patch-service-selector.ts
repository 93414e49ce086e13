import "server-only";
/**
 * Replace a Service's pod selector, the fix for a Service whose selector matches no (or the
 * wrong) pods. JSON patch `replace` of `spec.selector` (a merge patch would keep stale keys).
 */
import { z } from "zod";
import { serviceClient } from "./kind-clients";
import { defineFieldPatchAction } from "./field-patch-action";
import { nameField, namespaceField } from "./param-fields";
import { serviceSelector, serviceSelectsPod } from "./service-fields";
import { shellCommand } from "./shell-quote";

const labelKey = z.string().min(1).max(317).regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, "must be a label key");
const labelValue = z.string().max(63).regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a label value");

export const patchServiceSelectorParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Service"),
    selector: z
      .record(labelKey, labelValue)
      .refine((s) => Object.keys(s).length > 0, { message: "an empty selector would detach the Service from every pod" })
      .describe("The Service's complete pod selector after the change (label key → value)"),
  })
  .strict();
export type PatchServiceSelectorParams = z.infer<typeof patchServiceSelectorParams>;

/**
 * Risk: high when the new selector shares no key with the current one (or the current one is
 * unknown): all traffic moves to a different set of pods; medium when it adjusts the same keys.
 */
export const patchServiceSelector = defineFieldPatchAction({
  type: "patch-service-selector",
  params: patchServiceSelectorParams,
  client: serviceClient,
  riskOf(params, current) {
    const keys = Object.keys(serviceSelector(current ?? null) ?? {});
    return keys.some((k) => k in params.selector) ? "medium" : "high";
  },
  describe: (p) => ({
    summary: `Set the selector of Service ${p.namespace}/${p.name} to ${Object.entries(p.selector).map(([k, v]) => `${k}=${v}`).join(",")}`,
    kubectl: shellCommand(["kubectl", "patch", "service", p.name, "-n", p.namespace, "--type=json", "-p", JSON.stringify([{ op: "replace", path: "/spec/selector", value: p.selector }])]),
  }),
  change(_ctx, live, params) {
    const desired = structuredClone(live);
    (desired.spec as Record<string, unknown>).selector = params.selector;
    return { desired, paths: ["/spec/selector"] };
  },
  selectsPod: (live, after) => serviceSelectsPod(live, after),
  directServices: (p) => [p.name],
});
