/**
 * Lifecycle events: what can happen to an incident, each with a typed payload. Stored as
 * `IncidentEvent` rows (`type` + JSON `payload`) in the same transaction as the state change
 * they cause. Untrusted input (a request body, a row read back) goes through
 * `lifecycleEventSchema` before it reaches `transition`.
 */
import { z } from "zod";
import { SEVERITIES } from "../../alerts/types";

const healthScore = z.number().min(0).max(100).describe("Health score H in [0, 100] of the target scope");
const transactionId = z.string().min(1).describe("Id of the mitigation transaction");
const operator = z.string().min(1).describe("Who acted: the operator's user id");
const text = (description: string) => z.string().min(1).describe(description);
const steps = (description: string) => z.array(z.string().min(1)).min(1).describe(description);
const count = (description: string) => z.number().int().min(0).describe(description);

function lifecycleEvent<Type extends string, Shape extends z.ZodRawShape>(type: Type, payload: Shape) {
  return z.object({ type: z.literal(type), payload: z.object(payload).strict() }).strict();
}

/** Every lifecycle event, discriminated by `type`. */
export const lifecycleEventSchema = z.discriminatedUnion("type", [
  // Detection agent.
  lifecycleEvent("detection.confirmed", {
    severity: z.enum(SEVERITIES).describe("Severity the detection agent assessed"),
    evidence: steps("Telemetry facts that confirm the failure"),
  }),
  lifecycleEvent("detection.noise", { reason: text("Why the alerts do not reflect a failure") }),

  // Diagnosis agent.
  lifecycleEvent("diagnosis.completed", {
    rootCause: text("The named root cause"),
    evidence: steps("Facts from tools that support the root cause"),
    confidence: z.number().min(0).max(1).describe("The agent's confidence in the root cause"),
  }),
  lifecycleEvent("diagnosis.no_safe_action", {
    rootCause: text("The named root cause"),
    reason: text("Why no undoable action can fix it (e.g. a dropped database user)"),
    runbookSteps: steps("What a human should do, in order"),
  }),

  // Mitigation agent.
  lifecycleEvent("mitigation.proposed", {
    transactionId,
    actionCount: z.number().int().min(1).describe("Actions in the transaction (bounded by K)"),
    summary: text("One line for the approval card"),
  }),
  lifecycleEvent("mitigation.no_safe_action", {
    reason: text("Why every candidate action was refused (no undo, dry run failed, blast radius)"),
    runbookSteps: steps("What a human should do, in order"),
  }),

  // Approval.
  lifecycleEvent("approval.granted", {
    transactionId,
    by: text("The operator, or the autopilot policy's name when auto"),
    auto: z.boolean().describe("Approved by the autopilot policy, not a human"),
  }),
  lifecycleEvent("approval.rejected", { transactionId, by: operator, reason: text("The operator's reason, given to the next diagnosis") }),

  // Transaction (TNR): execute, validate, commit or roll back.
  lifecycleEvent("execution.started", {
    transactionId,
    healthBefore: healthScore,
    snapshotCount: count("Object snapshots taken before the first action"),
  }),
  lifecycleEvent("execution.completed", { transactionId, executedActions: count("Actions executed") }),
  lifecycleEvent("execution.failed", {
    transactionId,
    executedActions: count("Actions executed before the failure (they will be undone)"),
    error: text("What failed"),
  }),
  lifecycleEvent("validation.committed", { transactionId, healthBefore: healthScore, healthAfter: healthScore }),
  lifecycleEvent("validation.regressed", {
    transactionId,
    healthBefore: healthScore,
    healthAfter: healthScore,
    regressedScopes: z.array(z.string().min(1)).describe("Scopes (target or neighbours) that lost more than the tolerance"),
    reason: text("Why TNR refused to commit"),
  }),
  lifecycleEvent("rollback.completed", { transactionId, undoneActions: count("Actions undone, in reverse order") }),
  lifecycleEvent("rollback.failed", { transactionId, error: text("What could not be restored") }),
  lifecycleEvent("rollback.reviewed", { transactionId, whatDidNotWork: text("Lesson handed to the next diagnosis") }),

  // Alerts (from ingestion, or the worker's clearance timer).
  lifecycleEvent("alerts.cleared", { clearedAlerts: count("Alerts of the incident, all now resolved") }),
  lifecycleEvent("alerts.refired", { alertIds: steps("Alerts firing again after all had cleared") }),
  lifecycleEvent("alerts.clearance_timeout", { waitedMs: count("How long the committed fix waited for its alerts to clear") }),

  // Operator.
  lifecycleEvent("operator.escalated", { by: operator, reason: text("Why the operator took the incident over") }),
  lifecycleEvent("operator.resolved", { by: operator, note: text("What the operator did or saw") }),
  lifecycleEvent("operator.reinvestigation_requested", { by: operator, note: text("Hint handed to the diagnosis agent") }),
  lifecycleEvent("operator.abort_requested", { transactionId, by: operator, reason: text("Why the in-flight transaction must stop") }),
  lifecycleEvent("operator.action_proposed", {
    transactionId,
    by: operator,
    actionCount: z.number().int().min(1).describe("Actions in the transaction (bounded by K)"),
    summary: text("What the operator asked for, e.g. 'scale checkout to 4'"),
  }),
  lifecycleEvent("operator.undo_requested", { transactionId, by: operator, reason: text("Why the committed transaction must be undone") }),

  // Operator undo of a committed transaction (itself TNR-checked).
  lifecycleEvent("undo.completed", { transactionId, healthBefore: healthScore, healthAfter: healthScore }),
  lifecycleEvent("undo.aborted", {
    transactionId,
    healthBefore: healthScore,
    healthAfter: healthScore,
    reason: text("Why TNR refused the undo; the transaction was re-applied"),
  }),
  lifecycleEvent("undo.failed", { transactionId, error: text("What could not be restored") }),

  // Crash recovery.
  lifecycleEvent("recovery.resumed", {
    workerId: text("Worker that took the lease over"),
    previousWorkerId: z.string().min(1).nullable().describe("Worker whose lease expired, if known"),
    step: text("Where the new worker resumes (e.g. 'execute action 3 of 5')"),
  }),
]);

export type LifecycleEvent = z.infer<typeof lifecycleEventSchema>;
export type LifecycleEventType = LifecycleEvent["type"];
/** The payload type of one event type. */
export type LifecycleEventPayload<Type extends LifecycleEventType> = Extract<LifecycleEvent, { type: Type }>["payload"];

/** Every event type, in declaration order. */
export const LIFECYCLE_EVENT_TYPES: readonly LifecycleEventType[] = lifecycleEventSchema.options.map((option) => option.shape.type.value);

export function isLifecycleEventType(value: string): value is LifecycleEventType {
  return (LIFECYCLE_EVENT_TYPES as readonly string[]).includes(value);
}
