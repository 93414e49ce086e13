import "server-only";
/** Change hard limits of a ResourceQuota, the fix for pods refused with "exceeded quota". */
import { z } from "zod";
import { resourceQuotaClient } from "./kind-clients";
import { defineFieldPatchAction } from "./field-patch-action";
import { escapePointerSegment } from "./json-pointer";
import { nameField, namespaceField } from "./param-fields";
import { QUANTITY_PATTERN, quantityDecreases } from "./quantity";
import { shellCommand } from "./shell-quote";

export const patchResourceQuotaParams = z
  .object({
    namespace: namespaceField,
    name: nameField("ResourceQuota"),
    hard: z
      .record(
        z.string().min(1).max(253).regex(/^[a-z0-9A-Z./-]+$/, "must be a resource name such as pods, requests.cpu, limits.memory, count/services").describe("Quota resource name"),
        z.string().regex(QUANTITY_PATTERN, "must be a Kubernetes quantity such as 10, 4, 8Gi").describe("Hard limit"),
      )
      .refine((h) => Object.keys(h).length > 0 && Object.keys(h).length <= 20, { message: "give between 1 and 20 hard limits" })
      .describe("Hard limits to set (resource name → quantity); limits not listed are kept"),
  })
  .strict();
export type PatchResourceQuotaParams = z.infer<typeof patchResourceQuotaParams>;

/** Risk: low when every limit is raised or added (only lets more in); medium when any is lowered. */
export const patchResourceQuota = defineFieldPatchAction({
  type: "patch-resource-quota",
  params: patchResourceQuotaParams,
  client: resourceQuotaClient,
  riskOf(params, current) {
    const hard = (current?.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {};
    return Object.entries(params.hard).some(([name, value]) => quantityDecreases(hard[name], value)) ? "medium" : "low";
  },
  describe: (p) => ({
    summary: `Set hard limits of ResourceQuota ${p.namespace}/${p.name}: ${Object.entries(p.hard).map(([k, v]) => `${k}=${v}`).join(", ")}`,
    kubectl: shellCommand(["kubectl", "patch", "resourcequota", p.name, "-n", p.namespace, "--type=merge", "-p", JSON.stringify({ spec: { hard: p.hard } })]),
  }),
  change(_ctx, live, params) {
    const desired = structuredClone(live);
    const spec = (desired.spec ??= {}) as { hard?: Record<string, string> };
    spec.hard = { ...(spec.hard ?? {}), ...params.hard };
    return { desired, paths: Object.keys(params.hard).sort().map((k) => `/spec/hard/${escapePointerSegment(k)}`) };
  },
  // A quota gates every pod creation in its namespace.
  selectsPod: () => () => true,
});
