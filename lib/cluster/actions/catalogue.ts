import "server-only";
/**
 * The typed mitigation action catalogue: the only way an agent may change a cluster. An action
 * the catalogue does not list cannot be expressed: `mitigationActionSchema` refuses it with the
 * reason, before anything touches the cluster (deleting namespaces, PVCs, StatefulSets or nodes
 * has no faithful undo and is never proposed).
 */
import { z } from "zod";
import { deleteChaosObject } from "./delete-chaos-object";
import { deleteNetworkPolicy } from "./delete-network-policy";
import { deletePod } from "./delete-pod";
import { patchResourceQuota } from "./patch-resource-quota";
import { patchServicePorts } from "./patch-service-ports";
import { patchServiceSelector } from "./patch-service-selector";
import { recreateService } from "./recreate-service";
import { removeNodeConstraint } from "./remove-node-constraint";
import { rolloutRestart } from "./rollout-restart";
import { rolloutUndo } from "./rollout-undo";
import { scaleDeployment } from "./scale-deployment";
import { setEnv } from "./set-env";
import { setImage } from "./set-image";
import { setResources } from "./set-resources";
import type { ActionContext, ActionOutcome, ActionPlan, ExecutionReport, MitigationActionDefinition, UndoReport, UndoVerification } from "./types";
import { type UndoRecord, undoRecordSchema } from "./undo-record";

/** At most this many actions per transaction (K = 20, as in the STRATUS paper; the pipeline may lower it). */
export const MAX_ACTIONS_PER_TRANSACTION = 20;

/** Every action, by type. */
export const ACTION_CATALOGUE = {
  "rollout-undo": rolloutUndo,
  "rollout-restart": rolloutRestart,
  "scale-deployment": scaleDeployment,
  "set-resources": setResources,
  "set-env": setEnv,
  "set-image": setImage,
  "patch-service-ports": patchServicePorts,
  "patch-service-selector": patchServiceSelector,
  "remove-node-constraint": removeNodeConstraint,
  "patch-resource-quota": patchResourceQuota,
  "delete-network-policy": deleteNetworkPolicy,
  "delete-chaos-object": deleteChaosObject,
  "recreate-service": recreateService,
  "delete-pod": deletePod,
} as const;

export type MitigationActionType = keyof typeof ACTION_CATALOGUE;
export const MITIGATION_ACTION_TYPES = Object.keys(ACTION_CATALOGUE) as MitigationActionType[];

/** Why well-known destructive actions do not exist (the model gets this instead of "invalid"). */
const FORBIDDEN_ACTIONS: Record<string, string> = {
  "delete-namespace": "deleting a namespace destroys every object in it and has no faithful undo",
  "delete-pvc": "deleting a PersistentVolumeClaim can destroy its data, which no undo can restore",
  "delete-persistentvolumeclaim": "deleting a PersistentVolumeClaim can destroy its data, which no undo can restore",
  "delete-persistentvolume": "deleting a PersistentVolume can destroy its data, which no undo can restore",
  "delete-statefulset": "deleting a StatefulSet endangers its pods' stable identity and data",
  "delete-node": "deleting a Node evicts everything on it and cannot be undone by the API",
  "delete-deployment": "deleting a Deployment loses its rollout history; scale it instead (scale-deployment)",
  "delete-service": "deleting a Service cuts every caller off; patch its ports or selector instead",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The message for an action type the catalogue does not have. */
export function refusalReason(type: unknown): string {
  const allowed = `allowed types: ${MITIGATION_ACTION_TYPES.join(", ")}`;
  if (typeof type !== "string") return `"type" must name a catalogue action; ${allowed}`;
  const known = FORBIDDEN_ACTIONS[type];
  if (known) return `action "${type}" is forbidden: ${known}; ${allowed}`;
  if (/^(delete|remove|destroy|drain|cordon)-/.test(type)) {
    return `action "${type}" is not in the catalogue: only NetworkPolicies (delete-network-policy), chaos objects (delete-chaos-object) and controller-owned pods (delete-pod) may be deleted; ${allowed}`;
  }
  return `unknown action type "${type}"; ${allowed}`;
}

function entry<TType extends string, TParams>(action: MitigationActionDefinition<TType, TParams>) {
  return z.object({ type: z.literal(action.type), params: action.params }).strict();
}

/**
 * `{ type, params }` of one catalogue action. What the LLM proposes is validated through this:
 * an unknown or forbidden type is refused with the reason, a bad field is named by its path.
 */
export const mitigationActionSchema = z.discriminatedUnion(
  "type",
  [
    entry(rolloutUndo),
    entry(rolloutRestart),
    entry(scaleDeployment),
    entry(setResources),
    entry(setEnv),
    entry(setImage),
    entry(patchServicePorts),
    entry(patchServiceSelector),
    entry(removeNodeConstraint),
    entry(patchResourceQuota),
    entry(deleteNetworkPolicy),
    entry(deleteChaosObject),
    entry(recreateService),
    entry(deletePod),
  ],
  {
    error: (issue) => {
      if (issue.code === "invalid_union") return refusalReason(isRecord(issue.input) ? issue.input.type : undefined);
      if (issue.code === "invalid_type" && !isRecord(issue.input)) return "an action must be an object { type, params }";
      return undefined;
    },
  },
);
export type MitigationAction = z.infer<typeof mitigationActionSchema>;

/** One transaction's actions, at most `MAX_ACTIONS_PER_TRANSACTION`. */
export const mitigationTransactionSchema = z
  .array(mitigationActionSchema)
  .min(1, "a transaction needs at least one action")
  .max(MAX_ACTIONS_PER_TRANSACTION, `a transaction has at most ${MAX_ACTIONS_PER_TRANSACTION} actions`);

/** Parses an untrusted action; the error message names each bad field (`params.replicas: ...`). */
export function parseMitigationAction(input: unknown): { ok: true; action: MitigationAction } | { ok: false; error: string } {
  const result = mitigationActionSchema.safeParse(input);
  if (result.success) return { ok: true, action: result.data };
  return { ok: false, error: result.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") };
}

/** The definition of a parsed action, with its params type erased for dispatch. */
function definitionOf(type: string): MitigationActionDefinition<string, unknown> | undefined {
  return (ACTION_CATALOGUE as Record<string, MitigationActionDefinition<string, unknown> | undefined>)[type];
}

/** The plan of a validated action: diff, blast radius and the server-side dry run. */
export async function planAction(ctx: ActionContext, action: MitigationAction): Promise<ActionPlan> {
  return requireDefinition(action.type).plan(ctx, action.params);
}

/** The write-ahead undo record of a validated action (store it before `executeAction`). */
export async function snapshotAction(ctx: ActionContext, action: MitigationAction): Promise<ActionOutcome<UndoRecord>> {
  return requireDefinition(action.type).snapshot(ctx, action.params);
}

/** Executes a validated action against the undo record stored for it. */
export async function executeAction(ctx: ActionContext, action: MitigationAction, undoRecord: UndoRecord): Promise<ActionOutcome<ExecutionReport>> {
  return requireDefinition(action.type).execute(ctx, action.params, undoRecord);
}

/** Undoes from a stored record alone (it may come back from the database after a restart). */
export async function undoAction(ctx: ActionContext, storedRecord: unknown): Promise<ActionOutcome<UndoReport>> {
  const parsed = undoRecordSchema.safeParse(storedRecord);
  if (!parsed.success) return { ok: false, error: { reason: "Invalid", message: `not an undo record: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` } };
  const definition = definitionOf(parsed.data.actionType);
  if (!definition) return { ok: false, error: { reason: "Invalid", message: `undo record of unknown action type "${parsed.data.actionType}"` } };
  return definition.undo(ctx, parsed.data);
}

/** Checks the live cluster matches the snapshot of a stored record again. */
export async function verifyUndoAction(ctx: ActionContext, storedRecord: unknown): Promise<UndoVerification> {
  const parsed = undoRecordSchema.safeParse(storedRecord);
  if (!parsed.success) return { restored: false, mismatches: ["not an undo record"] };
  const definition = definitionOf(parsed.data.actionType);
  if (!definition) return { restored: false, mismatches: [`unknown action type "${parsed.data.actionType}"`] };
  return definition.verifyUndo(ctx, parsed.data);
}

function requireDefinition(type: string): MitigationActionDefinition<string, unknown> {
  const definition = definitionOf(type);
  // Unreachable for parsed actions; a clear error beats a TypeError if a caller skips parsing.
  if (!definition) throw new Error(refusalReason(type));
  return definition;
}
