import "server-only";
/**
 * Recreate a deleted Service from its last-known spec (e.g. from a topology snapshot or the
 * incident's evidence). Refused when a Service of that name exists. Undo deletes it again, but
 * only while its selector and ports are still the ones we created (otherwise someone else took it
 * over, and that is reported, not deleted).
 */
import { z } from "zod";
import { describeRef, toActionFailure } from "./action-error";
import { computeBlastRadius } from "./blast-radius";
import { getOrNull } from "./delete-object-action";
import { recordMismatch } from "./field-patch-action";
import { fieldValuesEqual, renderFieldValue, valueAt } from "./json-pointer";
import { serviceClient } from "./kind-clients";
import { diffObjects, renderDiff } from "./object-diff";
import { metadataOf } from "./object-fields";
import { nameField, namespaceField } from "./param-fields";
import { patchServiceSelectorParams } from "./patch-service-selector";
import { servicePortSchema } from "./patch-service-ports";
import { serviceSelectsPod } from "./service-fields";
import { shellQuote } from "./shell-quote";
import type { ActionContext, ActionOutcome, ActionPlan, ExecutionReport, KubeObject, MitigationActionDefinition, ObjectRef, UndoReport, UndoVerification } from "./types";
import { type FieldGuard, UNDO_RECORD_VERSION, type UndoRecord } from "./undo-record";

const stringMap = z.record(z.string().min(1).max(317), z.string().max(4096));

export const recreateServiceParams = z
  .object({
    namespace: namespaceField,
    name: nameField("Service"),
    type: z.enum(["ClusterIP", "NodePort", "LoadBalancer"]).default("ClusterIP").describe("Service type (last known)"),
    selector: patchServiceSelectorParams.shape.selector.describe("Pod selector (last known)"),
    ports: z.array(servicePortSchema).min(1).max(20).describe("Ports (last known)"),
    labels: stringMap.optional().describe("Labels of the Service (last known)"),
    annotations: stringMap.optional().describe("Annotations of the Service (last known)"),
  })
  .strict();
export type RecreateServiceParams = z.infer<typeof recreateServiceParams>;

/** Fields whose values identify "our" Service when undoing. */
const OWNED_PATHS = ["/spec/selector", "/spec/ports", "/spec/type"];

function manifestOf(p: RecreateServiceParams): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: p.name, namespace: p.namespace, ...(p.labels ? { labels: p.labels } : {}), ...(p.annotations ? { annotations: p.annotations } : {}) },
    spec: { type: p.type, selector: p.selector, ports: p.ports },
  };
}

const target = (p: RecreateServiceParams): ObjectRef => ({ apiVersion: "v1", kind: "Service", namespace: p.namespace, name: p.name });

/** Dry-run create; fails when the Service already exists (never overwrite a live Service). */
async function dryRunCreate(ctx: ActionContext, params: RecreateServiceParams): Promise<KubeObject> {
  return serviceClient.create(ctx, params.namespace, manifestOf(params), true);
}

/** Risk: low: restores routing that existed before; nothing that exists is changed. */
export const recreateService: MitigationActionDefinition<"recreate-service", RecreateServiceParams> = {
  type: "recreate-service",
  params: recreateServiceParams,
  target,
  riskOf: () => "low",
  describe: (p) => ({
    summary: `Recreate Service ${p.namespace}/${p.name} (${p.type}, selector ${Object.entries(p.selector).map(([k, v]) => `${k}=${v}`).join(",")}, ports ${p.ports.map((x) => x.port).join(",")})`,
    kubectl: `echo ${shellQuote(JSON.stringify(manifestOf(p)))} | kubectl create -f -`,
  }),

  async plan(ctx, params): Promise<ActionPlan> {
    const ref = target(params);
    const { summary, kubectl } = recreateService.describe(params);
    let after: KubeObject | null = null;
    let dryRun: ActionPlan["dryRun"] = { ok: true };
    try {
      after = await dryRunCreate(ctx, params);
    } catch (error) {
      const failure = toActionFailure(error, ref);
      dryRun = { ok: false, reason: failure.reason, message: failure.message };
    }
    const changes = after ? diffObjects(null, after) : [];
    let blastRadius = { pods: [] as string[], services: [params.name] };
    try {
      blastRadius = await computeBlastRadius({ ctx, namespace: params.namespace, selectsPod: serviceSelectsPod(manifestOf(params)), services: [params.name] });
    } catch {
      // An estimate only; the dry run decides executability.
    }
    return { type: "recreate-service", summary, kubectl, risk: "low", target: ref, before: null, after, diff: { changes, text: renderDiff(changes, describeRef(ref)) }, blastRadius, dryRun, executable: dryRun.ok };
  },

  async snapshot(ctx, params): Promise<ActionOutcome<UndoRecord>> {
    const ref = target(params);
    try {
      const after = await dryRunCreate(ctx, params);
      const expected: FieldGuard[] = OWNED_PATHS.flatMap((path) => {
        const value = valueAt(after, path);
        return value.present ? [{ path, value: value.value }] : [];
      });
      return {
        ok: true,
        value: { version: UNDO_RECORD_VERSION, actionType: "recreate-service", target: ref, takenAt: new Date().toISOString(), snapshot: null, resourceVersion: null, uid: null, generation: null, undo: { kind: "delete-created", expected } },
      };
    } catch (error) {
      return { ok: false, error: toActionFailure(error, ref) };
    }
  },

  async execute(ctx, params, undoRecord): Promise<ActionOutcome<ExecutionReport>> {
    const ref = target(params);
    const mismatch = recordMismatch("recreate-service", ref, undoRecord);
    if (mismatch) return { ok: false, error: mismatch };
    try {
      // Create fails with 409 AlreadyExists if someone recreated it since the snapshot: no overwrite.
      const created = await serviceClient.create(ctx, params.namespace, manifestOf(params), false);
      const meta = metadataOf(created);
      return { ok: true, value: { target: ref, operation: "created", resourceVersion: meta.resourceVersion ?? null, generation: meta.generation ?? null, uid: meta.uid ?? null } };
    } catch (error) {
      return { ok: false, error: toActionFailure(error, ref) };
    }
  },

  async undo(ctx, undoRecord): Promise<ActionOutcome<UndoReport>> {
    const ref = undoRecord.target;
    if (undoRecord.undo.kind !== "delete-created") return { ok: false, error: { reason: "Invalid", message: "undo record of recreate-service must delete the created Service" } };
    try {
      const live = await getOrNull(ctx, serviceClient, ref);
      if (!live) return { ok: true, value: { target: ref, operation: "nothing-to-do", message: `${describeRef(ref)} does not exist`, resourceVersion: null } };
      const changed = undoRecord.undo.expected.filter((g) => !fieldValuesEqual(valueAt(live, g.path), { present: true, value: g.value }));
      if (changed.length > 0) {
        return {
          ok: false,
          error: { reason: "Conflict", message: `${describeRef(ref)} was changed after it was recreated; not deleting it: ${changed.map((g) => `${g.path} now ${renderFieldValue(valueAt(live, g.path))}`).join("; ")}` },
        };
      }
      const uid = metadataOf(live).uid;
      await serviceClient.delete(ctx, ref.namespace, ref.name, { dryRun: false, ...(uid ? { preconditions: { uid } } : {}) });
      return { ok: true, value: { target: ref, operation: "deleted", message: `deleted the recreated ${describeRef(ref)}`, resourceVersion: null } };
    } catch (error) {
      return { ok: false, error: toActionFailure(error, ref) };
    }
  },

  async verifyUndo(ctx, undoRecord): Promise<UndoVerification> {
    const ref = undoRecord.target;
    try {
      const live = await getOrNull(ctx, serviceClient, ref);
      return live ? { restored: false, mismatches: [`${describeRef(ref)} still exists`] } : { restored: true, mismatches: [] };
    } catch (error) {
      return { restored: false, mismatches: [toActionFailure(error, ref).message] };
    }
  },
};
