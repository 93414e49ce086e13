import "server-only";
/**
 * Roll a Deployment back to a revision (`kubectl rollout undo --to-revision`), following
 * kubectl's rollback.go: find the ReplicaSet whose `deployment.kubernetes.io/revision` is the
 * revision, take its pod template without the `pod-template-hash` label, and JSON-patch the
 * Deployment's `spec.template` and annotations (the ReplicaSet's, except the ones rollback.go
 * skips). Undo patches the snapshot's template and annotations back.
 */
import { z } from "zod";
import { ActionError, describeRef } from "./action-error";
import { deploymentClient, listReplicaSets } from "./kind-clients";
import { deploymentSelectsPod, deploymentSpec } from "./deployment-fields";
import { defineFieldPatchAction } from "./field-patch-action";
import { escapePointerSegment, jsonEqual } from "./json-pointer";
import { metadataOf } from "./object-fields";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";
import type { KubeObject } from "./types";

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
/** The label the Deployment controller adds to each ReplicaSet's template. */
export const POD_TEMPLATE_HASH_LABEL = "pod-template-hash";

/** rollback.go's annotationsToSkip: the Deployment keeps its own values of these. */
const ANNOTATIONS_TO_SKIP = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
]);

export const rolloutUndoParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Deployment"),
    toRevision: z.number().int().min(0).describe("Revision to roll back to (deployment.kubernetes.io/revision of a ReplicaSet); 0 means the previous revision, as in kubectl"),
  })
  .strict();
export type RolloutUndoParams = z.infer<typeof rolloutUndoParams>;

function revisionOf(object: KubeObject): number | undefined {
  const text = metadataOf(object).annotations?.[REVISION_ANNOTATION];
  const value = text === undefined ? NaN : Number(text);
  return Number.isInteger(value) ? value : undefined;
}

function withoutHashLabel(template: unknown): Record<string, unknown> {
  const copy = structuredClone((template ?? {}) as { metadata?: { labels?: Record<string, string> } } & Record<string, unknown>);
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  return copy;
}

/** Risk: medium: old code and config replace the current ones in every pod. */
export const rolloutUndo = defineFieldPatchAction({
  type: "rollout-undo",
  params: rolloutUndoParams,
  client: deploymentClient,
  riskOf: () => "medium",
  describe: (p) => ({
    summary: p.toRevision === 0 ? `Roll back Deployment ${p.namespace}/${p.name} to its previous revision` : `Roll back Deployment ${p.namespace}/${p.name} to revision ${p.toRevision}`,
    kubectl: shellCommand(["kubectl", "rollout", "undo", `deployment/${p.name}`, "-n", p.namespace, ...(p.toRevision ? [`--to-revision=${p.toRevision}`] : [])]),
  }),
  async change(ctx, live, params) {
    const name = describeRef({ kind: "Deployment", namespace: params.namespace, name: params.name });
    if (deploymentSpec(live).paused) throw new ActionError("Refused", `cannot roll back ${name}: it is paused (run 'kubectl rollout resume' first)`);
    const uid = metadataOf(live).uid;
    const owned = (await listReplicaSets(ctx, params.namespace)).filter((rs) => metadataOf(rs).ownerReferences?.some((ref) => ref.controller && ref.uid === uid));
    const revisions = owned.map(revisionOf).filter((r): r is number => r !== undefined).sort((a, b) => a - b);
    // kubectl: revision 0 is the newest revision before the current (highest) one.
    const wanted = params.toRevision === 0 ? revisions.at(-2) : params.toRevision;
    const replicaSet = wanted === undefined ? undefined : owned.find((rs) => revisionOf(rs) === wanted);
    if (!replicaSet) {
      throw new ActionError("NotFound", params.toRevision === 0 ? `no rollout history found for ${name}` : `unable to find revision ${params.toRevision} of ${name} (revisions: ${revisions.join(", ") || "none"})`);
    }
    const template = withoutHashLabel((replicaSet.spec as { template?: unknown } | undefined)?.template);
    if (jsonEqual(withoutHashLabel(deploymentSpec(live).template), template)) {
      throw new ActionError("Invalid", `skipped rollback of ${name}: the current template already matches revision ${wanted}`);
    }
    // Annotations as rollback.go computes them: the skipped ones from the Deployment, the rest from the ReplicaSet.
    const current = metadataOf(live).annotations ?? {};
    const annotations: Record<string, string> = {};
    for (const [key, value] of Object.entries(current)) if (ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
    for (const [key, value] of Object.entries(metadataOf(replicaSet).annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) annotations[key] = value;
    const desired = structuredClone(live);
    (desired.spec as Record<string, unknown>).template = template;
    (desired.metadata as Record<string, unknown>).annotations = annotations;
    // Per-key paths (not the whole map) so the controller's own annotations never block an undo.
    const keys = [...new Set([...Object.keys(current), ...Object.keys(annotations)])].filter((k) => !ANNOTATIONS_TO_SKIP.has(k)).sort();
    return { desired, paths: ["/spec/template", ...keys.map((k) => `/metadata/annotations/${escapePointerSegment(k)}`)] };
  },
  selectsPod: (live) => deploymentSelectsPod(live),
});
