/**
 * What the engine reports while it works, tagged by `kind`:
 * - `lifecycle` events are exactly the incident lifecycle's (`{ type, payload }` parses with
 *   `lifecycleEventSchema`), so the pipeline feeds them to `transition()` and the event log as
 *   they are; `detail` carries what the strict lifecycle payload has no room for (every reason,
 *   the full health measurements before and after) for the event log and the UI.
 * - `progress` events are finer steps (lock taken, each action planned, executed, undone) for the
 *   timeline; they change no incident state.
 */
import type { LifecycleEventPayload, LifecycleEventType } from "../incidents/lifecycle/events";
import type { HealthMeasurement } from "../telemetry/measure-health";

/** The lifecycle events a transaction produces. */
export type TnrLifecycleEventType = Extract<
  LifecycleEventType,
  | "execution.started"
  | "execution.completed"
  | "execution.failed"
  | "validation.committed"
  | "validation.regressed"
  | "rollback.completed"
  | "rollback.failed"
  | "undo.completed"
  | "undo.aborted"
  | "undo.failed"
  | "recovery.resumed"
>;

/** What a lifecycle event's strict payload leaves out. */
export interface TnrEventDetail {
  reasons: string[];
  healthBefore: HealthMeasurement | null;
  healthAfter: HealthMeasurement | null;
}

/** A lifecycle event with its detail. */
export type TnrLifecycleEvent = {
  [Type in TnrLifecycleEventType]: { kind: "lifecycle"; type: Type; payload: LifecycleEventPayload<Type>; detail: TnrEventDetail };
}[TnrLifecycleEventType];

/** A step inside a transaction. */
export type TnrProgressEvent =
  | { kind: "progress"; type: "tnr.lock.acquired"; payload: { transactionId: string; owner: string; expiresAt: string } }
  | { kind: "progress"; type: "tnr.action.planned"; payload: { transactionId: string; index: number; summary: string; kubectl: string; risk: string; diff: string } }
  | { kind: "progress"; type: "tnr.action.executed"; payload: { transactionId: string; index: number; summary: string } }
  | { kind: "progress"; type: "tnr.action.undone"; payload: { transactionId: string; index: number; restored: boolean; message: string } }
  | { kind: "progress"; type: "tnr.stabilizing"; payload: { transactionId: string; windowMs: number } };

export type TnrEvent = TnrLifecycleEvent | TnrProgressEvent;

/** Receives events in order; awaited, so a listener that persists first (the event log) keeps the order. */
export type TnrEmit = (event: TnrEvent) => void | Promise<void>;

/** A lifecycle event, typed by its `type`. */
export function lifecycleEvent<Type extends TnrLifecycleEventType>(
  type: Type,
  payload: LifecycleEventPayload<Type>,
  detail: Partial<TnrEventDetail> = {},
): TnrLifecycleEvent {
  return { kind: "lifecycle", type, payload, detail: { reasons: detail.reasons ?? [], healthBefore: detail.healthBefore ?? null, healthAfter: detail.healthAfter ?? null } } as TnrLifecycleEvent;
}

/** Health scores go into lifecycle payloads, which accept [0, 100]; an unmeasured score is reported as 0 with a reason saying so. */
export function payloadScore(score: number | null): number {
  return score === null ? 0 : Math.min(100, Math.max(0, score));
}
