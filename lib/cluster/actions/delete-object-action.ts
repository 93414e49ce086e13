import "server-only";
/**
 * The engine shared by the actions that delete an object (NetworkPolicy, chaos objects,
 * controller-owned pods):
 *
 * - plan: read live, `refuse` hook, delete with `dryRun=All` and the uid as precondition.
 * - snapshot: the whole live object; undo either recreates it from the stripped manifest, or
 *   (pods) records that the owning controller replaces it.
 * - execute: delete with uid and resourceVersion preconditions, so a concurrent change gives a
 *   409 conflict instead of deleting something the snapshot never saw.
 * - undo: recreate, unless an object of that name exists again (someone else's, not overwritten).
 */
import type { z } from "zod";
import { describeRef, toActionFailure } from "./action-error";
import { computeBlastRadius } from "./blast-radius";
import { jsonEqual } from "./json-pointer";
import type { KindClient } from "./kind-clients";
import { recreatableManifest } from "./manifest";
import { diffObjects, renderDiff } from "./object-diff";
import { metadataOf, undoRecordOf } from "./object-fields";
import { recordMismatch } from "./field-patch-action";
import type { ActionContext, ActionOutcome, ActionPlan, ExecutionReport, KubeObject, MitigationActionDefinition, ObjectRef, RiskLevel, UndoReport, UndoVerification } from "./types";
import type { UndoPlan, UndoRecord } from "./undo-record";

export interface DeleteObjectActionSpec<TType extends string, TParams extends { namespace: string; name: string }> {
  type: TType;
  params: z.ZodType<TParams>;
  /** The kind the params target (fixed for most actions, chosen by params for chaos objects). */
  kindOf(params: TParams): string;
  /** The client of a kind this action deletes (undo only has the record's kind). */
  clientOf(kind: string): KindClient;
  riskOf(params: TParams, current?: KubeObject | null): RiskLevel;
  describe(params: TParams): { summary: string; kubectl: string };
  /** Throws `ActionError("Refused")` when this object must not be deleted (e.g. a pod nothing recreates). */
  refuse?(live: KubeObject, params: TParams): void;
  /** How the undo restores it; default: recreate from the snapshot. */
  undoPlan?(live: KubeObject): UndoPlan;
  /** Pods the deletion touches. */
  selectsPod(ctx: ActionContext, live: KubeObject, params: TParams): Promise<(pod: KubeObject) => boolean> | ((pod: KubeObject) => boolean);
  /** Checks a `controller-recreates` undo (a replacement pod exists). */
  verifyReplacement?(ctx: ActionContext, undoRecord: UndoRecord): Promise<UndoVerification>;
}

/** Fields compared by verifyUndo after a recreate: what the user declared. */
const DECLARED_FIELDS = ["spec", "labels", "annotations"] as const;

function declared(object: KubeObject, field: (typeof DECLARED_FIELDS)[number]): unknown {
  return field === "spec" ? object.spec : metadataOf(object)[field];
}

export function defineDeleteObjectAction<TType extends string, TParams extends { namespace: string; name: string }>(
  spec: DeleteObjectActionSpec<TType, TParams>,
): MitigationActionDefinition<TType, TParams> {
  const target = (params: TParams): ObjectRef => {
    const client = spec.clientOf(spec.kindOf(params));
    return { apiVersion: client.apiVersion, kind: client.kind, namespace: params.namespace, name: params.name };
  };
  const undoPlanOf = (live: KubeObject): UndoPlan => spec.undoPlan?.(live) ?? { kind: "recreate", manifest: recreatableManifest(live) as Record<string, never> };

  async function readAndDryRun(ctx: ActionContext, params: TParams, stage: { live?: KubeObject }): Promise<KubeObject> {
    const client = spec.clientOf(spec.kindOf(params));
    const live = await client.get(ctx, params.namespace, params.name);
    stage.live = live;
    spec.refuse?.(live, params);
    const uid = metadataOf(live).uid;
    await client.delete(ctx, params.namespace, params.name, { dryRun: true, ...(uid ? { preconditions: { uid } } : {}) });
    return live;
  }

  return {
    type: spec.type,
    params: spec.params,
    target,
    riskOf: spec.riskOf,
    describe: spec.describe,

    async plan(ctx, params): Promise<ActionPlan> {
      const ref = target(params);
      const { summary, kubectl } = spec.describe(params);
      const stage: { live?: KubeObject } = {};
      let dryRun: ActionPlan["dryRun"] = { ok: true };
      try {
        await readAndDryRun(ctx, params, stage);
      } catch (error) {
        const failure = toActionFailure(error, ref);
        dryRun = { ok: false, reason: failure.reason, message: failure.message };
      }
      const live = stage.live ?? null;
      const changes = dryRun.ok ? diffObjects(live, null) : [];
      let blastRadius = { pods: [] as string[], services: [] as string[] };
      if (live) {
        try {
          blastRadius = await computeBlastRadius({ ctx, namespace: params.namespace, selectsPod: await spec.selectsPod(ctx, live, params) });
        } catch {
          // A blast radius is an estimate; failing to list pods must not hide the dry-run result.
        }
      }
      return {
        type: spec.type,
        summary,
        kubectl,
        risk: spec.riskOf(params, live),
        target: ref,
        before: live,
        after: null,
        diff: { changes, text: renderDiff(changes, describeRef(ref)) },
        blastRadius,
        dryRun,
        executable: dryRun.ok,
      };
    },

    async snapshot(ctx, params): Promise<ActionOutcome<UndoRecord>> {
      const ref = target(params);
      try {
        const live = await readAndDryRun(ctx, params, {});
        return {
          ok: true,
          value: undoRecordOf({ actionType: spec.type, target: ref, live, undo: undoPlanOf(live) }),
        };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async execute(ctx, params, undoRecord): Promise<ActionOutcome<ExecutionReport>> {
      const ref = target(params);
      const mismatch = recordMismatch(spec.type, ref, undoRecord);
      if (mismatch) return { ok: false, error: mismatch };
      try {
        const preconditions = { ...(undoRecord.uid ? { uid: undoRecord.uid } : {}), ...(undoRecord.resourceVersion ? { resourceVersion: undoRecord.resourceVersion } : {}) };
        await spec.clientOf(spec.kindOf(params)).delete(ctx, ref.namespace, ref.name, { dryRun: false, preconditions });
        return { ok: true, value: { target: ref, operation: "deleted", resourceVersion: null, generation: null, uid: undoRecord.uid } };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async undo(ctx, undoRecord): Promise<ActionOutcome<UndoReport>> {
      const ref = undoRecord.target;
      const plan = undoRecord.undo;
      if (plan.kind === "controller-recreates") {
        return { ok: true, value: { target: ref, operation: "nothing-to-do", message: `${describeRef(ref)} is replaced by its ${plan.owner.kind} ${plan.owner.name}; nothing to restore`, resourceVersion: null } };
      }
      if (plan.kind !== "recreate") return { ok: false, error: { reason: "Invalid", message: `undo record of ${spec.type} must recreate the object` } };
      const client = spec.clientOf(undoRecord.target.kind);
      try {
        const existing = await getOrNull(ctx, client, ref);
        if (existing) {
          if (metadataOf(existing).uid === undoRecord.uid) {
            return { ok: true, value: { target: ref, operation: "nothing-to-do", message: `${describeRef(ref)} was never deleted`, resourceVersion: metadataOf(existing).resourceVersion ?? null } };
          }
          return { ok: false, error: { reason: "Conflict", message: `${describeRef(ref)} exists again (created by someone else since the action); not overwriting it` } };
        }
        const created = await client.create(ctx, ref.namespace, plan.manifest as KubeObject, false);
        return { ok: true, value: { target: ref, operation: "recreated", message: `recreated ${describeRef(ref)} from the snapshot`, resourceVersion: metadataOf(created).resourceVersion ?? null } };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async verifyUndo(ctx, undoRecord): Promise<UndoVerification> {
      const ref = undoRecord.target;
      const plan = undoRecord.undo;
      if (plan.kind === "controller-recreates") {
        return spec.verifyReplacement ? spec.verifyReplacement(ctx, undoRecord) : { restored: false, mismatches: ["no replacement check for this action"] };
      }
      if (plan.kind !== "recreate") return { restored: false, mismatches: ["undo record does not recreate an object"] };
      try {
        const live = await getOrNull(ctx, spec.clientOf(undoRecord.target.kind), ref);
        if (!live) return { restored: false, mismatches: [`${describeRef(ref)} does not exist`] };
        const mismatches = DECLARED_FIELDS.filter((field) => !jsonEqual(declared(live, field) ?? {}, declared(plan.manifest as KubeObject, field) ?? {})).map(
          (field) => `${field} differs from the snapshot`,
        );
        return { restored: mismatches.length === 0, mismatches };
      } catch (error) {
        return { restored: false, mismatches: [toActionFailure(error, ref).message] };
      }
    },
  };
}

/** The object, or null when it does not exist. */
export async function getOrNull(ctx: ActionContext, client: KindClient, ref: ObjectRef): Promise<KubeObject | null> {
  try {
    return await client.get(ctx, ref.namespace, ref.name);
  } catch (error) {
    if (toActionFailure(error, ref).reason === "NotFound") return null;
    throw error;
  }
}

