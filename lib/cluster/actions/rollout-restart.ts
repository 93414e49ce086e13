import "server-only";
/**
 * Restart a Deployment's pods (`kubectl rollout restart`): set the pod template annotation
 * `kubectl.kubernetes.io/restartedAt`, which triggers a rolling replacement. Undo restores the
 * previous template annotations, which (by design) is one more rollout.
 */
import { z } from "zod";
import { ActionError } from "./action-error";
import { deploymentClient } from "./kind-clients";
import { deploymentSelectsPod, deploymentSpec } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { escapePointerSegment } from "./json-pointer";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";

/** The annotation kubectl sets; controllers treat any template change as a new revision. */
export const RESTARTED_AT_ANNOTATION = "kubectl.kubernetes.io/restartedAt";

export const rolloutRestartParams = z.object({ namespace: namespaceField, name: nameField("Deployment") }).strict();
export type RolloutRestartParams = z.infer<typeof rolloutRestartParams>;

/** Risk: low: a rolling restart keeps the Deployment's availability guarantees (maxUnavailable). */
export const rolloutRestart = defineFieldPatchAction({
  type: "rollout-restart",
  params: rolloutRestartParams,
  client: deploymentClient,
  riskOf: () => "low",
  describe: (p) => ({
    summary: `Restart the pods of Deployment ${p.namespace}/${p.name} (rolling)`,
    kubectl: shellCommand(["kubectl", "rollout", "restart", `deployment/${p.name}`, "-n", p.namespace]),
  }),
  change(_ctx, live) {
    // kubectl refuses too: a paused Deployment would not roll the template change out.
    if (deploymentSpec(live).paused) throw new ActionError("Refused", "can't restart a paused Deployment (run 'kubectl rollout resume' first)");
    const desired = structuredClone(live);
    const template = (deploymentSpec(desired).template ??= {});
    const metadata = (template.metadata ??= {});
    // RFC 3339 like kubectl's time.Now().Format(time.RFC3339).
    metadata.annotations = { ...(metadata.annotations ?? {}), [RESTARTED_AT_ANNOTATION]: new Date().toISOString().replace(/\.\d{3}Z$/, "Z") };
    return { desired, paths: [`/spec/template/metadata/annotations/${escapePointerSegment(RESTARTED_AT_ANNOTATION)}`] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
