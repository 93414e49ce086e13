/**
 * The shapes every mitigation action shares: its context, target reference, plan, outcomes and
 * the definition interface the catalogue is made of. Type-only, so it touches no cluster.
 */
import type { z } from "zod";
import type { ClusterClients } from "../client";
import type { FieldDiff } from "./object-diff";
import type { UndoRecord } from "./undo-record";

/** What an action needs to talk to the cluster. */
export interface ActionContext {
  clients: ClusterClients;
}

/** A JSON object as the API server sends it (wire field names, RFC 3339 timestamps). */
export type KubeObject = Record<string, unknown>;

/** The object an action reads and changes. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** How much harm the action can do if it is wrong; each action documents its rule in `riskOf`. */
export type RiskLevel = "low" | "medium" | "high";

/**
 * Why an action failed, as the agent and the UI see it (no stack traces):
 * NotFound (404 or a missing container/revision), Conflict (409, a failed JSON-patch test, or a
 * change by someone else detected before an undo), Invalid (422/400, or params the live object
 * cannot take), Refused (the catalogue will not do this to this object), ApiError (anything else).
 */
export type ActionFailureReason = "NotFound" | "Conflict" | "Invalid" | "Refused" | "ApiError";

export interface ActionFailure {
  reason: ActionFailureReason;
  message: string;
  /** HTTP status when the API server answered. */
  status?: number;
}

/** Failures are values the pipeline and the model can react to (house style: tools return `{ error }`). */
export type ActionOutcome<T> = { ok: true; value: T } | { ok: false; error: ActionFailure };

/** Result of the server-side dry run (`dryRun=All`). */
export type DryRunResult = { ok: true } | { ok: false; reason: ActionFailureReason; message: string };

/** Pods the change touches and the Services routing to them. */
export interface BlastRadius {
  pods: string[];
  services: string[];
}

/** What an action would do, computed from the live object and the server's dry run. */
export interface ActionPlan {
  type: string;
  summary: string;
  kubectl: string;
  risk: RiskLevel;
  target: ObjectRef;
  /** The live object (null when it does not exist: a recreate, or a missing target). */
  before: KubeObject | null;
  /** The object as the server's dry run returned it (null for a delete or a failed dry run). */
  after: KubeObject | null;
  diff: { changes: FieldDiff[]; text: string };
  blastRadius: BlastRadius;
  dryRun: DryRunResult;
  /** False when the dry run failed: such a plan must never be executed. */
  executable: boolean;
}

/** What `execute` did. */
export interface ExecutionReport {
  target: ObjectRef;
  operation: "patched" | "deleted" | "created";
  /** resourceVersion after the write (null after a delete). */
  resourceVersion: string | null;
  generation: number | null;
  uid: string | null;
}

/** What `undo` did. */
export interface UndoReport {
  target: ObjectRef;
  operation: "restored" | "recreated" | "deleted" | "nothing-to-do";
  message: string;
  resourceVersion: string | null;
}

/** Whether the live cluster matches the snapshot again, with each difference found. */
export interface UndoVerification {
  restored: boolean;
  mismatches: string[];
}

/**
 * One entry of the catalogue. A module-level constant per action; `params` is a strict zod
 * object with `.describe()` on every field, so the model sees what each field means.
 */
export interface MitigationActionDefinition<TType extends string = string, TParams = unknown> {
  type: TType;
  params: z.ZodType<TParams>;
  /** The object the action targets. */
  target(params: TParams): ObjectRef;
  /** Risk by the rule documented on the action; `current` is the live target when known. */
  riskOf(params: TParams, current?: KubeObject | null): RiskLevel;
  describe(params: TParams): { summary: string; kubectl: string };
  plan(ctx: ActionContext, params: TParams): Promise<ActionPlan>;
  /** The write-ahead undo record; fails when the dry run fails (nothing to execute then). */
  snapshot(ctx: ActionContext, params: TParams): Promise<ActionOutcome<UndoRecord>>;
  execute(ctx: ActionContext, params: TParams, undoRecord: UndoRecord): Promise<ActionOutcome<ExecutionReport>>;
  undo(ctx: ActionContext, undoRecord: UndoRecord): Promise<ActionOutcome<UndoReport>>;
  verifyUndo(ctx: ActionContext, undoRecord: UndoRecord): Promise<UndoVerification>;
}
