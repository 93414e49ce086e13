/**
 * The states of an incident in the agent pipeline, who acts in each, and the MTTx timestamps
 * entering each one records. The transitions between them live in `transition-table.ts`.
 */

/** Every lifecycle state, in the order an incident usually goes through them. */
export const LIFECYCLE_STATES = [
  "DETECTING",
  "DIAGNOSING",
  "PROPOSED",
  "AWAITING_APPROVAL",
  "MITIGATING",
  "VALIDATING",
  "MITIGATED",
  "ROLLING_BACK",
  "ROLLED_BACK",
  "UNDOING",
  "ESCALATED",
  "RESOLVED",
  "CLOSED_AS_NOISE",
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

/** The state a new incident starts in (the webhook opened it). */
export const INITIAL_LIFECYCLE_STATE: LifecycleState = "DETECTING";

/**
 * Who moves the incident on:
 * - `agent`: the pipeline worker runs the agent or the transaction step of this state;
 * - `operator`: nothing happens until a human acts in the browser;
 * - `alerts`: the fix is committed and the incident waits for its alerts to clear (the worker
 *   only watches the clearance timeout);
 * - `nobody`: terminal.
 */
export type StateOwner = "agent" | "operator" | "alerts" | "nobody";

export interface StateInfo {
  /** One line for the UI and the docs. */
  meaning: string;
  owner: StateOwner;
  /** Closed: the pipeline does no more work and new alerts open a new incident. */
  terminal: boolean;
  /**
   * A mitigation or undo transaction is in flight: the cluster+namespace write lock is held and
   * a crashed worker must resume here (`recovery.resumed`), not start over.
   */
  inFlightTransaction: boolean;
}

export const STATE_INFO: Record<LifecycleState, StateInfo> = {
  DETECTING: {
    meaning: "Alerts opened the incident; the detection agent confirms the failure from telemetry or calls it noise.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: false,
  },
  DIAGNOSING: {
    meaning: "The diagnosis agent investigates with read-only tools to name a root cause with evidence.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: false,
  },
  PROPOSED: {
    meaning: "Root cause named; the mitigation agent drafts and dry-runs a transaction of undoable actions.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: false,
  },
  AWAITING_APPROVAL: {
    meaning: "A dry-run-checked transaction waits for an operator (or the autopilot policy) to approve or reject it.",
    owner: "operator",
    terminal: false,
    inFlightTransaction: false,
  },
  MITIGATING: {
    meaning: "Approved: the worker takes the write lock, checkpoints health and object snapshots, and executes.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: true,
  },
  VALIDATING: {
    meaning: "Executed: the worker observes a stabilization window and compares health after with health before (TNR).",
    owner: "agent",
    terminal: false,
    inFlightTransaction: true,
  },
  MITIGATED: {
    meaning: "The transaction committed (no regression) and the incident waits for its alerts to clear.",
    owner: "alerts",
    terminal: false,
    inFlightTransaction: false,
  },
  ROLLING_BACK: {
    meaning: "Health regressed, execution failed or an operator aborted: the undo agent restores the snapshots in reverse order.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: true,
  },
  ROLLED_BACK: {
    meaning: "The transaction was undone; the worker records what did not work and retries diagnosis or escalates.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: false,
  },
  UNDOING: {
    meaning: "An operator asked to undo a committed transaction; the undo runs as its own TNR-checked transaction.",
    owner: "agent",
    terminal: false,
    inFlightTransaction: true,
  },
  ESCALATED: {
    meaning: "No safe action, attempts exhausted or a failed undo: a human owns the incident, with runbook steps.",
    owner: "operator",
    terminal: false,
    inFlightTransaction: false,
  },
  RESOLVED: {
    meaning: "Every alert cleared (after a committed fix, by itself, or by hand) or an operator resolved it.",
    owner: "nobody",
    terminal: true,
    inFlightTransaction: false,
  },
  CLOSED_AS_NOISE: {
    meaning: "The detection agent found no failure behind the alerts.",
    owner: "nobody",
    terminal: true,
    inFlightTransaction: false,
  },
};

const statesWhere = (test: (info: StateInfo) => boolean): readonly LifecycleState[] =>
  LIFECYCLE_STATES.filter((state) => test(STATE_INFO[state]));

export const TERMINAL_STATES = statesWhere((info) => info.terminal);
export const OPEN_STATES = statesWhere((info) => !info.terminal);
/** States in which the pipeline worker acts (it claims incidents in these states). */
export const AGENT_OWNED_STATES = statesWhere((info) => info.owner === "agent");
/** States that wait for a human. */
export const OPERATOR_OWNED_STATES = statesWhere((info) => info.owner === "operator");
/** States with a transaction in flight; a worker restarting after a crash resumes these first. */
export const IN_FLIGHT_TRANSACTION_STATES = statesWhere((info) => info.inFlightTransaction);

export function isLifecycleState(value: string): value is LifecycleState {
  return (LIFECYCLE_STATES as readonly string[]).includes(value);
}

export function isTerminalState(state: LifecycleState): boolean {
  return STATE_INFO[state].terminal;
}

/**
 * States written before the pipeline existed. Ingestion opened incidents as `TRIGGERED`, which
 * means exactly "alerts opened it and nobody has looked yet", i.e. DETECTING. `RESOLVED` kept its
 * name and meaning. Rows are not migrated: they are read through `toLifecycleState`.
 */
export const LEGACY_STATE_ALIASES: Readonly<Record<string, LifecycleState>> = { TRIGGERED: "DETECTING" };

/** A stored `Incident.state` as a lifecycle state (legacy names mapped), or null if unknown. */
export function toLifecycleState(stored: string): LifecycleState | null {
  if (isLifecycleState(stored)) return stored;
  // Own keys only: a stored "toString" must not resolve through the prototype.
  return Object.hasOwn(LEGACY_STATE_ALIASES, stored) ? (LEGACY_STATE_ALIASES[stored] ?? null) : null;
}

/**
 * Timestamps of the incident's milestones, for MTTx (time to detect, diagnose, propose, approve,
 * mitigate, resolve). Each is set the first time its milestone is reached and never moved.
 * `triggeredAt` (first alert) already exists on the incident and is set by ingestion.
 */
export const MILESTONE_TIMESTAMP_FIELDS = [
  "detectedAt",
  "diagnosedAt",
  "proposedAt",
  "approvedAt",
  "mitigatedAt",
  "resolvedAt",
  "escalatedAt",
  "closedAt",
] as const;
export type MilestoneTimestampField = (typeof MILESTONE_TIMESTAMP_FIELDS)[number];
export type MilestoneTimestamps = Partial<Record<MilestoneTimestampField, Date>>;

/**
 * What entering each state records (first time only). A committed transaction that goes
 * straight to RESOLVED (alerts already clear) also records `mitigatedAt`: that rule says so in
 * the table. `closedAt` marks any terminal state, so MTTR can use `resolvedAt` while noise
 * closures still have an end.
 */
export const ENTRY_TIMESTAMPS: Record<LifecycleState, readonly MilestoneTimestampField[]> = {
  DETECTING: [],
  DIAGNOSING: ["detectedAt"],
  PROPOSED: ["diagnosedAt"],
  AWAITING_APPROVAL: ["proposedAt"],
  MITIGATING: ["approvedAt"],
  VALIDATING: [],
  MITIGATED: ["mitigatedAt"],
  ROLLING_BACK: [],
  ROLLED_BACK: [],
  UNDOING: [],
  ESCALATED: ["escalatedAt"],
  RESOLVED: ["resolvedAt", "closedAt"],
  CLOSED_AS_NOISE: ["closedAt"],
};
