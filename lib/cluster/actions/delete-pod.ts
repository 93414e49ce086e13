import "server-only";
/**
 * Delete a pod so its controller replaces it (a stuck or wedged instance). Only pods with a
 * controller owner (ReplicaSet...) may be deleted: a bare pod would be gone for good, which has
 * no faithful undo. The undo record says so: nothing to restore, verify a replacement exists.
 */
import { z } from "zod";
import { ActionError, describeRef } from "./action-error";
import { defineDeleteObjectAction } from "./delete-object-action";
import { listPods, podClient } from "./kind-clients";
import { metadataOf, nameOf } from "./object-fields";
import { nameField, namespaceField } from "./param-fields";
import { shellCommand } from "./shell-quote";
import type { KubeObject } from "./types";

export const deletePodParams = z.object({ namespace: namespaceField, name: nameField("Pod") }).strict();
export type DeletePodParams = z.infer<typeof deletePodParams>;

function controllerOf(pod: KubeObject) {
  return metadataOf(pod).ownerReferences?.find((ref) => ref.controller);
}

/** Risk: low for a controller-owned pod (it is replaced); high for anything else (and refused by the plan). */
export const deletePod = defineDeleteObjectAction({
  type: "delete-pod",
  params: deletePodParams,
  kindOf: () => "Pod",
  clientOf: () => podClient,
  riskOf: (_params, current) => (current && !controllerOf(current) ? "high" : "low"),
  describe: (p) => ({
    summary: `Delete pod ${p.namespace}/${p.name} so its controller replaces it`,
    kubectl: shellCommand(["kubectl", "delete", "pod", p.name, "-n", p.namespace]),
  }),
  refuse(live, params) {
    if (!controllerOf(live)) {
      throw new ActionError("Refused", `${describeRef({ kind: "Pod", ...params })} has no controller owner: nothing would recreate it, so deleting it has no undo`);
    }
  },
  undoPlan(live) {
    const owner = controllerOf(live);
    if (!owner) throw new ActionError("Refused", "pod has no controller owner");
    return { kind: "controller-recreates", owner: { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid }, deletedUid: metadataOf(live).uid ?? "" };
  },
  selectsPod(_ctx, live) {
    // The pod itself; `computeBlastRadius` adds the Services routing to it.
    return (pod) => nameOf(pod) === nameOf(live);
  },
  async verifyReplacement(ctx, undoRecord) {
    if (undoRecord.undo.kind !== "controller-recreates") return { restored: false, mismatches: ["undo record is not a pod replacement"] };
    const { owner, deletedUid } = undoRecord.undo;
    const pods = await listPods(ctx, undoRecord.target.namespace);
    const replacements = pods.filter((pod) => controllerOf(pod)?.uid === owner.uid && metadataOf(pod).uid !== deletedUid);
    return replacements.length > 0
      ? { restored: true, mismatches: [] }
      : { restored: false, mismatches: [`no replacement pod from ${owner.kind} ${owner.name} yet`] };
  },
});
