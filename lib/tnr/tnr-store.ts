/**
 * `TnrStore`: the transaction's write-ahead log. The engine writes here before and after every
 * change it makes to the cluster, so that a worker taking over after a crash knows exactly what
 * ran (`recoverTransaction`). The pipeline backs it with the database; `createMemoryTnrStore` is
 * the in-memory implementation for tests.
 *
 * Ordering guarantees the engine keeps (and implementations must make durable before resolving):
 * - `saveUndoRecord(i)` resolves before action i is executed: an action without a stored undo
 *   record never runs.
 * - `markActionExecuted(i)` follows a successful execution; a crash between the two leaves a
 *   record without a mark, which recovery resolves from the live object.
 * - `savePhase` moves ahead before the work of that phase starts.
 * Every value passed in is plain JSON; implementations store it as it is.
 */
import type { MitigationAction } from "../cluster/actions/catalogue";
import type { ExecutionReport, UndoReport, UndoVerification } from "../cluster/actions/types";
import type { UndoRecord } from "../cluster/actions/undo-record";
import type { HealthMeasurement } from "../telemetry/measure-health";

/** A transaction as proposed and approved: what to change, where, and whose health decides. */
export interface TnrTransaction {
  id: string;
  cluster: string;
  namespace: string;
  /** The service the transaction fixes; without one the namespace's aggregate H is the target. */
  target: { service?: string };
  /** Executed in this order, undone in reverse. */
  actions: MitigationAction[];
}

/**
 * Where a stored transaction is. In flight: `mitigating` (executing actions), `validating`
 * (all executed, observing), `rolling_back` (undoing after a failure or regression), `undoing`
 * and `reapplying` (an operator's undo, and its re-apply when the undo regressed).
 * Settled: `committed`, `rolled_back`, `aborted`, `undone`.
 */
export type TnrPhase = "mitigating" | "validating" | "rolling_back" | "undoing" | "reapplying" | "committed" | "rolled_back" | "aborted" | "undone";

/** Phases a crash can interrupt; `recoverTransaction` resumes these. */
export const IN_FLIGHT_PHASES: readonly TnrPhase[] = ["mitigating", "validating", "rolling_back", "undoing", "reapplying"];

/** What an undo did and whether the live object matches the snapshot again. */
export interface StoredUndo {
  /** What the undo did; null when it failed (see `error`). */
  report: UndoReport | null;
  /** Why the undo failed; null when it succeeded. */
  error: string | null;
  /** The live object checked against the snapshot after the undo. */
  verification: UndoVerification;
}

/** One action's write-ahead state. */
export interface StoredActionStep {
  index: number;
  action: MitigationAction;
  /** Stored before execution; null until the action's turn came. */
  undoRecord: UndoRecord | null;
  /** Set after execution succeeded (or, in recovery, when the live object shows it ran). */
  execution: ExecutionReport | null;
  /** Set after an undo was attempted. */
  undo: StoredUndo | null;
}

/** Where a health measurement was taken. */
export type HealthCheckpoint = "before" | "after" | "undo-before" | "undo-after";

/** How a transaction ended. */
export type TnrOutcome = "committed" | "rolled_back" | "aborted";

/**
 * Why it ended so: `health-held` (commit), `health-regressed` (TNR refused: rolled back),
 * `health-unavailable` (health could not be measured: aborted before any change, or rolled back
 * after, since nothing commits without evidence), `dry-run-failed` (aborted before any change),
 * `execution-failed` (an action failed: the earlier ones were undone), `interrupted` (a crash
 * stopped it mid-way and recovery undid what had run).
 */
export type TnrVerdictCause = "health-held" | "health-regressed" | "health-unavailable" | "dry-run-failed" | "execution-failed" | "interrupted";

/** The undo pass of a rollback. */
export interface RollbackSummary {
  /** Actions undone (restored and verified). */
  undone: number;
  /** Every undone action verified back at its snapshot. */
  restored: boolean;
  /** What could not be restored, one line per action. */
  failures: string[];
}

/** The decision, with its numbers (target-scope H before and after) and reasons. */
export interface TnrVerdict {
  outcome: TnrOutcome;
  cause: TnrVerdictCause;
  reasons: string[];
  healthBefore: number | null;
  healthAfter: number | null;
  /** Null when nothing had to be undone (committed, or aborted before any change). */
  rollback: RollbackSummary | null;
  /** ISO 8601, engine clock. */
  decidedAt: string;
}

/** How an operator's undo of a committed transaction ended. */
export interface OperatorUndoOutcome {
  /**
   * `undone`: the undo held (or regressed and the caller chose to keep it, see `regressed`).
   * `reapplied`: the undo regressed and the transaction was applied again (it is committed again).
   * `failed`: an undo or re-apply step failed; the cluster needs a human.
   */
  outcome: "undone" | "reapplied" | "failed";
  /** The undo made health worse beyond the tolerance. */
  regressed: boolean;
  reasons: string[];
  healthBefore: number | null;
  healthAfter: number | null;
  decidedAt: string;
}

/** A transaction as the store holds it. */
export interface StoredTransaction extends TnrTransaction {
  phase: TnrPhase;
  steps: StoredActionStep[];
  health: Record<HealthCheckpoint, HealthMeasurement | null>;
  verdict: TnrVerdict | null;
  operatorUndo: OperatorUndoOutcome | null;
}

/** The write-ahead log of transactions. */
export interface TnrStore {
  /** Creates the record in phase `mitigating`, one empty step per action. */
  saveTransaction(tx: TnrTransaction): Promise<void>;
  savePhase(txId: string, phase: TnrPhase): Promise<void>;
  /**
   * The write-ahead undo record of action `actionIndex`; resolves only once durable. Starts that
   * step afresh (execution and undo cleared), which is how a re-apply records its new snapshot.
   */
  saveUndoRecord(txId: string, actionIndex: number, record: UndoRecord): Promise<void>;
  markActionExecuted(txId: string, actionIndex: number, result: ExecutionReport): Promise<void>;
  markActionUndone(txId: string, actionIndex: number, undo: StoredUndo): Promise<void>;
  saveHealth(txId: string, checkpoint: HealthCheckpoint, measurement: HealthMeasurement): Promise<void>;
  /** Settles the transaction: phase becomes the verdict's outcome. */
  saveVerdict(txId: string, verdict: TnrVerdict): Promise<void>;
  /**
   * Records an operator undo's end; phase becomes `committed` again after a re-apply, else
   * `undone` (with outcome `failed`, the steps say which actions were undone: a human decides).
   */
  saveOperatorUndo(txId: string, outcome: OperatorUndoOutcome): Promise<void>;
  /** The stored transaction (null when unknown), for recovery and for results. */
  loadTransaction(txId: string): Promise<StoredTransaction | null>;
}
