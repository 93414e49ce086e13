/**
 * The incident lifecycle as one pure table: state x event -> next state, with named guards over
 * a small context. Every state change goes through `transition`; it reads no clock and no
 * database, and refuses (never throws) what the table does not allow.
 */
import { isLifecycleEventType, type LifecycleEvent, type LifecycleEventType } from "./events";
import {
  ENTRY_TIMESTAMPS,
  LIFECYCLE_STATES,
  STATE_INFO,
  toLifecycleState,
  type LifecycleState,
  type MilestoneTimestampField,
  type MilestoneTimestamps,
} from "./states";

/** Mitigation attempts (proposals rejected or transactions undone) before the incident escalates. */
export const DEFAULT_MAX_MITIGATION_ATTEMPTS = 3;

/** What the caller knows about the incident besides its state. */
export interface TransitionContext {
  /** The time of the event; the only clock `transition` sees. */
  now: Date;
  /** Failed attempts recorded before this event (see `countFailedAttempts`). */
  failedAttempts: number;
  /** At least 1; `DEFAULT_MAX_MITIGATION_ATTEMPTS` unless configured. */
  maxAttempts: number;
  /** Alerts of the incident still firing. */
  firingAlerts: number;
  /** A committed transaction of this incident has an undo record and has not been undone. */
  hasUndoableTransaction: boolean;
  /** Milestones already recorded on the incident (null or absent: not yet). */
  timestamps: Partial<Record<MilestoneTimestampField, Date | null>>;
}

/**
 * Events that close a mitigation attempt as failed: the operator rejected the proposal, or the
 * transaction was undone (regression, failed execution, abort, or an operator's later undo).
 */
export const FAILED_ATTEMPT_EVENT_TYPES: readonly LifecycleEventType[] = ["approval.rejected", "rollback.completed", "undo.completed"];

/** Handing the incident back to the agents starts a fresh attempt budget. */
const ATTEMPT_BUDGET_RESET_EVENT_TYPE: LifecycleEventType = "operator.reinvestigation_requested";

/**
 * Failed attempts in an incident's event log (oldest first; other event types are ignored),
 * counted since the operator last handed the incident back to the agents.
 */
export function countFailedAttempts(eventTypes: readonly string[]): number {
  let failed = 0;
  for (const type of eventTypes) {
    if (type === ATTEMPT_BUDGET_RESET_EVENT_TYPE) failed = 0;
    else if ((FAILED_ATTEMPT_EVENT_TYPES as readonly string[]).includes(type)) failed += 1;
  }
  return failed;
}

/** Failed attempts once this event is recorded. */
function failedAttemptsAfter(ctx: TransitionContext, eventType: LifecycleEventType): number {
  return ctx.failedAttempts + (FAILED_ATTEMPT_EVENT_TYPES.includes(eventType) ? 1 : 0);
}

export type GuardName = "attemptsLeft" | "attemptsExhausted" | "alertsFiring" | "alertsClear" | "undoableTransaction";

export interface Guard {
  /** Shown in the diagram and in refusals; plain words (Mermaid labels dislike `<`). */
  label: string;
  test: (ctx: TransitionContext, eventType: LifecycleEventType) => boolean;
}

export const GUARDS: Record<GuardName, Guard> = {
  attemptsLeft: { label: "attempts left", test: (ctx, type) => failedAttemptsAfter(ctx, type) < ctx.maxAttempts },
  attemptsExhausted: { label: "attempts exhausted", test: (ctx, type) => failedAttemptsAfter(ctx, type) >= ctx.maxAttempts },
  alertsFiring: { label: "alerts firing", test: (ctx) => ctx.firingAlerts > 0 },
  alertsClear: { label: "alerts clear", test: (ctx) => ctx.firingAlerts === 0 },
  undoableTransaction: { label: "undoable transaction", test: (ctx) => ctx.hasUndoableTransaction },
};

/** One way out of a state on an event; the first rule whose guard holds wins. */
export interface TransitionRule {
  to: LifecycleState;
  guard?: GuardName;
  /** Milestones this rule records besides those of entering `to`. */
  alsoSets?: readonly MilestoneTimestampField[];
}

export type TransitionTable = {
  readonly [State in LifecycleState]: { readonly [Type in LifecycleEventType]?: readonly TransitionRule[] };
};

const to = (state: LifecycleState): readonly TransitionRule[] => [{ to: state }];
/** Recorded on the timeline; the state does not change. */
const stay = to;

/** Alerts may clear (or fire again) while a transaction is in flight: recorded, and read by the exit guards. */
const alertsDuringTransaction = (state: LifecycleState) => ({
  "alerts.cleared": stay(state),
  "alerts.refired": stay(state),
  "recovery.resumed": stay(state),
});

/** What an operator can do in any open state where no transaction is in flight. */
const operatorTakeover = {
  "operator.escalated": to("ESCALATED"),
  "operator.resolved": to("RESOLVED"),
};

/** The attempt budget decides whether the agents try again. */
const retryOrEscalate: readonly TransitionRule[] = [
  { to: "DIAGNOSING", guard: "attemptsLeft" },
  { to: "ESCALATED", guard: "attemptsExhausted" },
];

/** Where the incident goes when the committed transaction stands (commit, or an undo refused by TNR). */
const committedOutcome = (alsoSets: readonly MilestoneTimestampField[]): readonly TransitionRule[] => [
  { to: "MITIGATED", guard: "alertsFiring" },
  { to: "RESOLVED", guard: "alertsClear", alsoSets },
];

/** The lifecycle. Pairs not listed are refused. */
export const TRANSITION_TABLE: TransitionTable = {
  DETECTING: {
    "detection.confirmed": to("DIAGNOSING"),
    "detection.noise": to("CLOSED_AS_NOISE"),
    "alerts.cleared": to("RESOLVED"),
    ...operatorTakeover,
    "recovery.resumed": stay("DETECTING"),
  },
  DIAGNOSING: {
    "diagnosis.completed": to("PROPOSED"),
    "diagnosis.no_safe_action": to("ESCALATED"),
    "alerts.cleared": to("RESOLVED"),
    ...operatorTakeover,
    "recovery.resumed": stay("DIAGNOSING"),
  },
  PROPOSED: {
    "mitigation.proposed": to("AWAITING_APPROVAL"),
    "mitigation.no_safe_action": to("ESCALATED"),
    "alerts.cleared": to("RESOLVED"),
    ...operatorTakeover,
    "recovery.resumed": stay("PROPOSED"),
  },
  AWAITING_APPROVAL: {
    "approval.granted": to("MITIGATING"),
    // An operator's own request replaces the waiting proposal (the newest one is the one decided on).
    "operator.action_proposed": stay("AWAITING_APPROVAL"),
    "approval.rejected": retryOrEscalate,
    "alerts.cleared": to("RESOLVED"),
    ...operatorTakeover,
  },
  MITIGATING: {
    "execution.started": stay("MITIGATING"),
    "execution.completed": to("VALIDATING"),
    "execution.failed": to("ROLLING_BACK"),
    "operator.abort_requested": to("ROLLING_BACK"),
    ...alertsDuringTransaction("MITIGATING"),
  },
  VALIDATING: {
    "validation.committed": committedOutcome(["mitigatedAt"]),
    "validation.regressed": to("ROLLING_BACK"),
    "operator.abort_requested": to("ROLLING_BACK"),
    ...alertsDuringTransaction("VALIDATING"),
  },
  MITIGATED: {
    "operator.action_proposed": to("AWAITING_APPROVAL"),
    "alerts.cleared": to("RESOLVED"),
    "alerts.clearance_timeout": to("ESCALATED"),
    "operator.undo_requested": [{ to: "UNDOING", guard: "undoableTransaction" }],
    ...operatorTakeover,
  },
  ROLLING_BACK: {
    "rollback.completed": to("ROLLED_BACK"),
    "rollback.failed": to("ESCALATED"),
    ...alertsDuringTransaction("ROLLING_BACK"),
  },
  ROLLED_BACK: {
    "rollback.reviewed": retryOrEscalate,
    "alerts.cleared": to("RESOLVED"),
    ...operatorTakeover,
    "recovery.resumed": stay("ROLLED_BACK"),
  },
  UNDOING: {
    "undo.completed": to("ROLLED_BACK"),
    "undo.aborted": committedOutcome([]),
    "undo.failed": to("ESCALATED"),
    ...alertsDuringTransaction("UNDOING"),
  },
  ESCALATED: {
    "operator.action_proposed": to("AWAITING_APPROVAL"),
    "alerts.cleared": to("RESOLVED"),
    "operator.resolved": to("RESOLVED"),
    "operator.reinvestigation_requested": to("DIAGNOSING"),
    "operator.undo_requested": [{ to: "UNDOING", guard: "undoableTransaction" }],
  },
  // Terminal. Deliberate exceptions: a committed fix can still be undone (it reopens the
  // incident), and an operator can overrule a noise verdict. A re-firing alert is not one of
  // them: ingestion opens a new incident, so a closed incident's MTTx stay true.
  RESOLVED: {
    "operator.undo_requested": [{ to: "UNDOING", guard: "undoableTransaction" }],
  },
  CLOSED_AS_NOISE: {
    "operator.reinvestigation_requested": to("DIAGNOSING"),
  },
};

export interface TransitionAccepted {
  ok: true;
  from: LifecycleState;
  next: LifecycleState;
  /** False for events recorded without a state change. */
  changed: boolean;
  /** The guard that chose `next`, if the pair has more than one way out. */
  guard: GuardName | null;
  /** Milestones to set now: only those not already set (first time only). */
  timestamps: MilestoneTimestamps;
  /** Failed attempts including this event, for the caller to store or show. */
  failedAttempts: number;
}

export interface TransitionRefused {
  ok: false;
  /** Names the state, the event and why; the caller logs it. */
  reason: string;
}

export type TransitionResult = TransitionAccepted | TransitionRefused;

const TERMINAL_NOTE = "closed incidents are not reopened by alerts; a new alert opens a new incident";
const IN_FLIGHT_NOTE = "a transaction is in flight; abort it (operator.abort_requested) or let it finish";

/**
 * The next state for `event` in `current`, or a refusal naming both. `current` may be a stored
 * legacy name (`TRIGGERED` is read as DETECTING). Pure: `ctx.now` is the only time used.
 */
export function transition(current: string, event: Pick<LifecycleEvent, "type">, ctx: TransitionContext): TransitionResult {
  const from = toLifecycleState(current);
  if (!from) return { ok: false, reason: `unknown state "${current}"` };
  if (!isLifecycleEventType(event.type)) return { ok: false, reason: `${from} does not accept unknown event "${String(event.type)}"` };
  const contextProblem = describeContextProblem(ctx);
  if (contextProblem) return { ok: false, reason: `${from} cannot apply ${event.type}: ${contextProblem}` };

  const rules = TRANSITION_TABLE[from][event.type];
  if (!rules) {
    const info = STATE_INFO[from];
    const note = info.terminal ? ` (${TERMINAL_NOTE})` : info.inFlightTransaction ? ` (${IN_FLIGHT_NOTE})` : "";
    return { ok: false, reason: `${from} does not accept ${event.type}${note}` };
  }
  const rule = rules.find((candidate) => !candidate.guard || GUARDS[candidate.guard].test(ctx, event.type));
  if (!rule) {
    const conditions = rules.map((candidate) => (candidate.guard ? GUARDS[candidate.guard].label : "always")).join(" or ");
    return { ok: false, reason: `${from} accepts ${event.type} only when ${conditions}` };
  }

  const changed = rule.to !== from;
  const fields = [...(changed ? ENTRY_TIMESTAMPS[rule.to] : []), ...(rule.alsoSets ?? [])];
  const timestamps: MilestoneTimestamps = {};
  for (const field of fields) {
    if (!ctx.timestamps[field]) timestamps[field] = ctx.now;
  }
  return {
    ok: true,
    from,
    next: rule.to,
    changed,
    guard: rule.guard ?? null,
    timestamps,
    failedAttempts: failedAttemptsAfter(ctx, event.type),
  };
}

function describeContextProblem(ctx: TransitionContext): string | null {
  if (!(ctx.now instanceof Date) || Number.isNaN(ctx.now.getTime())) return "ctx.now is not a valid date";
  if (!Number.isInteger(ctx.maxAttempts) || ctx.maxAttempts < 1) return `ctx.maxAttempts must be an integer >= 1, got ${ctx.maxAttempts}`;
  if (!Number.isInteger(ctx.failedAttempts) || ctx.failedAttempts < 0) return `ctx.failedAttempts must be an integer >= 0, got ${ctx.failedAttempts}`;
  if (!Number.isInteger(ctx.firingAlerts) || ctx.firingAlerts < 0) return `ctx.firingAlerts must be an integer >= 0, got ${ctx.firingAlerts}`;
  return null;
}

/** Every (state, event, rule) of the table, in table order: for the diagram and for tests. */
export function listTransitions(): { from: LifecycleState; eventType: LifecycleEventType; rule: TransitionRule }[] {
  return LIFECYCLE_STATES.flatMap((from) =>
    (Object.entries(TRANSITION_TABLE[from]) as [LifecycleEventType, readonly TransitionRule[]][]).flatMap(([eventType, rules]) =>
      rules.map((rule) => ({ from, eventType, rule })),
    ),
  );
}
