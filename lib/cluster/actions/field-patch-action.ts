import "server-only";
/**
 * The engine shared by every action that patches fields of a live object (scale, set image,
 * rollout undo, Service ports...). An action only says how the desired object differs from the
 * live one (which JSON pointers it changes); this module does the rest the same way for all:
 *
 * - plan: read live, compute desired, JSON-patch with `dryRun=All`, diff live vs the dry run.
 * - snapshot: the same dry run; per changed path the live value (`before`) and the server's
 *   value (`after`, defaulted and canonicalised by the server) go into the undo record.
 * - execute: one JSON patch that first `test`s the uid and every `before` value, then sets the
 *   `after` values. A concurrent change to those fields fails the test: a conflict, not an overwrite.
 * - undo: refuses when a field no longer holds what the action wrote (someone changed it since),
 *   otherwise one JSON patch that `test`s the `after` values and sets `before` back.
 */
import type { z } from "zod";
import { ActionError, describeRef, toActionFailure } from "./action-error";
import { computeBlastRadius } from "./blast-radius";
import { diffObjects, renderDiff } from "./object-diff";
import { fieldValuesEqual, renderFieldValue, valueAt } from "./json-pointer";
import { setFieldsOps, testOps } from "./json-patch-ops";
import type { KindClient } from "./kind-clients";
import { metadataOf, undoRecordOf } from "./object-fields";
import type {
  ActionContext,
  ActionFailure,
  ActionOutcome,
  ActionPlan,
  BlastRadius,
  ExecutionReport,
  KubeObject,
  MitigationActionDefinition,
  ObjectRef,
  RiskLevel,
  UndoReport,
  UndoVerification,
} from "./types";
import { type FieldChange, type FieldGuard, type UndoRecord } from "./undo-record";

/** What an action wants changed on the live object. */
export interface DesiredChange {
  /** The live object with the action's change applied. */
  desired: KubeObject;
  /** JSON pointers the action changes (compared between live, desired and the dry run). */
  paths: string[];
  /** Values that must still hold at execute and undo time, e.g. the container name at the index we patch. */
  guards?: FieldGuard[];
}

export interface FieldPatchActionSpec<TType extends string, TParams extends { namespace: string; name: string }> {
  type: TType;
  params: z.ZodType<TParams>;
  client: KindClient;
  riskOf(params: TParams, current?: KubeObject | null): RiskLevel;
  describe(params: TParams): { summary: string; kubectl: string };
  /** The desired object; throws `ActionError` when the live object cannot take these params. */
  change(ctx: ActionContext, live: KubeObject, params: TParams): Promise<DesiredChange> | DesiredChange;
  /** Pods the change touches, given the live object and the dry run's result. */
  selectsPod(live: KubeObject, after: KubeObject | null, params: TParams): (pod: KubeObject) => boolean;
  /** Services touched directly (a Service target). */
  directServices?(params: TParams): string[];
}

interface Computed {
  live: KubeObject;
  change: DesiredChange;
  after: KubeObject;
  changes: FieldChange[];
}

/**
 * Ops that test the uid, the guards and every present `from` value, then set `to`. JSON patch
 * cannot test that a member is absent; those fields are compared on the object read just before.
 */
function guardedPatch(model: KubeObject, uid: string | null, guards: FieldGuard[], changes: FieldChange[], from: "before" | "after") {
  const to = from === "before" ? "after" : "before";
  const tests: FieldGuard[] = [...(uid ? [{ path: "/metadata/uid", value: uid }] : []), ...guards];
  for (const change of changes) {
    const expected = change[from];
    if (expected.present) tests.push({ path: change.path, value: expected.value });
  }
  return [...testOps(tests), ...setFieldsOps(model, changes.map((c) => ({ path: c.path, value: c[to] })))];
}

/** Builds the catalogue entry for a field-patching action. */
export function defineFieldPatchAction<TType extends string, TParams extends { namespace: string; name: string }>(
  spec: FieldPatchActionSpec<TType, TParams>,
): MitigationActionDefinition<TType, TParams> {
  const target = (params: TParams): ObjectRef => ({ apiVersion: spec.client.apiVersion, kind: spec.client.kind, namespace: params.namespace, name: params.name });

  /** Live object, desired change and the server's dry run; throws what the plan reports. */
  async function compute(ctx: ActionContext, params: TParams, stage: { live?: KubeObject }): Promise<Computed> {
    const live = await spec.client.get(ctx, params.namespace, params.name);
    stage.live = live;
    const change = await spec.change(ctx, live, params);
    const uid = metadataOf(live).uid ?? null;
    const planned: FieldChange[] = change.paths.map((path) => ({ path, before: valueAt(live, path), after: valueAt(change.desired, path) }));
    const effective = planned.filter((c) => !fieldValuesEqual(c.before, c.after));
    if (effective.length === 0) throw new ActionError("Invalid", `nothing to change: ${describeRef(target(params))} already matches (${spec.describe(params).summary})`);
    const after = await spec.client.patch(ctx, params.namespace, params.name, guardedPatch(live, uid, change.guards ?? [], effective, "before"), true);
    // The server's values, not ours: defaulting and canonical quantities are what undo will find.
    const changes = change.paths
      .map((path) => ({ path, before: valueAt(live, path), after: valueAt(after, path) }))
      .filter((c) => !fieldValuesEqual(c.before, c.after));
    return { live, change, after, changes };
  }

  async function blastRadius(ctx: ActionContext, params: TParams, live: KubeObject | null, after: KubeObject | null): Promise<BlastRadius> {
    const direct = spec.directServices?.(params) ?? [];
    if (!live) return { pods: [], services: [] };
    try {
      return await computeBlastRadius({ ctx, namespace: params.namespace, selectsPod: spec.selectsPod(live, after, params), services: direct });
    } catch {
      return { pods: [], services: direct };
    }
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
      try {
        const { live, after } = await compute(ctx, params, stage);
        const changes = diffObjects(live, after);
        return {
          type: spec.type,
          summary,
          kubectl,
          risk: spec.riskOf(params, live),
          target: ref,
          before: live,
          after,
          diff: { changes, text: renderDiff(changes, describeRef(ref)) },
          blastRadius: await blastRadius(ctx, params, live, after),
          dryRun: { ok: true },
          executable: true,
        };
      } catch (error) {
        const failure = toActionFailure(error, ref);
        const live = stage.live ?? null;
        return {
          type: spec.type,
          summary,
          kubectl,
          risk: spec.riskOf(params, live),
          target: ref,
          before: live,
          after: null,
          diff: { changes: [], text: renderDiff([], describeRef(ref)) },
          blastRadius: await blastRadius(ctx, params, live, null),
          dryRun: { ok: false, reason: failure.reason, message: failure.message },
          executable: false,
        };
      }
    },

    async snapshot(ctx, params): Promise<ActionOutcome<UndoRecord>> {
      const ref = target(params);
      try {
        const { live, change, changes } = await compute(ctx, params, {});
        return {
          ok: true,
          value: undoRecordOf({ actionType: spec.type, target: ref, live, undo: { kind: "restore-fields", changes, guards: change.guards ?? [] } }),
        };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async execute(ctx, params, undoRecord): Promise<ActionOutcome<ExecutionReport>> {
      const ref = target(params);
      const mismatch = recordMismatch(spec.type, ref, undoRecord);
      if (mismatch) return { ok: false, error: mismatch };
      if (undoRecord.undo.kind !== "restore-fields" || !undoRecord.snapshot) return { ok: false, error: { reason: "Invalid", message: `undo record of ${spec.type} must restore fields` } };
      try {
        const ops = guardedPatch(undoRecord.snapshot, undoRecord.uid, undoRecord.undo.guards, undoRecord.undo.changes, "before");
        const updated = await spec.client.patch(ctx, ref.namespace, ref.name, ops, false);
        const meta = metadataOf(updated);
        return { ok: true, value: { target: ref, operation: "patched", resourceVersion: meta.resourceVersion ?? null, generation: meta.generation ?? null, uid: meta.uid ?? null } };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async undo(ctx, undoRecord): Promise<ActionOutcome<UndoReport>> {
      const ref = undoRecord.target;
      if (undoRecord.undo.kind !== "restore-fields") return { ok: false, error: { reason: "Invalid", message: `undo record of ${spec.type} must restore fields` } };
      const { changes, guards } = undoRecord.undo;
      try {
        const live = await spec.client.get(ctx, ref.namespace, ref.name);
        const uid = metadataOf(live).uid ?? null;
        if (undoRecord.uid && uid !== undoRecord.uid) {
          return { ok: false, error: { reason: "Conflict", message: `${describeRef(ref)} was deleted and recreated since the action (uid ${undoRecord.uid} → ${uid}); not restoring over the new object` } };
        }
        if (changes.every((c) => fieldValuesEqual(valueAt(live, c.path), c.before))) {
          return { ok: true, value: { target: ref, operation: "nothing-to-do", message: `${describeRef(ref)} already matches the snapshot`, resourceVersion: metadataOf(live).resourceVersion ?? null } };
        }
        const changedSince = [
          ...changes.filter((c) => !fieldValuesEqual(valueAt(live, c.path), c.after)).map((c) => `${c.path}: the action wrote ${renderFieldValue(c.after)}, now ${renderFieldValue(valueAt(live, c.path))}`),
          ...guards.filter((g) => !fieldValuesEqual(valueAt(live, g.path), { present: true, value: g.value })).map((g) => `${g.path}: expected ${renderFieldValue({ present: true, value: g.value })}, now ${renderFieldValue(valueAt(live, g.path))}`),
        ];
        if (changedSince.length > 0) {
          return { ok: false, error: { reason: "Conflict", message: `${describeRef(ref)} was changed by someone else after the action; not restoring over it: ${changedSince.join("; ")}` } };
        }
        const restored = await spec.client.patch(ctx, ref.namespace, ref.name, guardedPatch(live, uid, guards, changes, "after"), false);
        return {
          ok: true,
          value: { target: ref, operation: "restored", message: `restored ${changes.map((c) => c.path).join(", ")} of ${describeRef(ref)}`, resourceVersion: metadataOf(restored).resourceVersion ?? null },
        };
      } catch (error) {
        return { ok: false, error: toActionFailure(error, ref) };
      }
    },

    async verifyUndo(ctx, undoRecord): Promise<UndoVerification> {
      const ref = undoRecord.target;
      if (undoRecord.undo.kind !== "restore-fields") return { restored: false, mismatches: ["undo record does not restore fields"] };
      try {
        const live = await spec.client.get(ctx, ref.namespace, ref.name);
        const mismatches: string[] = [];
        if (undoRecord.uid && metadataOf(live).uid !== undoRecord.uid) mismatches.push(`${describeRef(ref)} is a different object (uid changed)`);
        for (const change of undoRecord.undo.changes) {
          const now = valueAt(live, change.path);
          if (!fieldValuesEqual(now, change.before)) mismatches.push(`${change.path}: snapshot ${renderFieldValue(change.before)}, live ${renderFieldValue(now)}`);
        }
        return { restored: mismatches.length === 0, mismatches };
      } catch (error) {
        return { restored: false, mismatches: [toActionFailure(error, ref).message] };
      }
    },
  };
}

/** The record must belong to this action and target (execute never runs on someone else's record). */
export function recordMismatch(type: string, ref: ObjectRef, undoRecord: UndoRecord): ActionFailure | undefined {
  if (undoRecord.actionType !== type) return { reason: "Invalid", message: `undo record is for ${undoRecord.actionType}, not ${type}` };
  const t = undoRecord.target;
  if (t.kind !== ref.kind || t.namespace !== ref.namespace || t.name !== ref.name) {
    return { reason: "Invalid", message: `undo record targets ${describeRef(t)}, not ${describeRef(ref)}` };
  }
  return undefined;
}
