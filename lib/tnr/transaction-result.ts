/**
 * What `runTransaction` and `recoverTransaction` return: the verdict, both health measurements,
 * the reasons, and each action's fate, read back from the write-ahead log so the answer is what
 * was stored.
 */
import type { ExecutionReport } from "../cluster/actions/types";
import type { HealthMeasurement } from "../telemetry/measure-health";
import type { RollbackSummary, StoredActionStep, StoredTransaction, StoredUndo, TnrOutcome, TnrStore, TnrVerdictCause } from "./tnr-store";

/**
 * One action's fate: `not-run` (no undo record, or a record but no execution), `executed`,
 * `undone` (verified back at its snapshot), `undo-failed` (a human must restore it).
 */
export type ActionStatus = "not-run" | "executed" | "undone" | "undo-failed";

/** One action of a transaction result. */
export interface TransactionActionResult {
  index: number;
  type: string;
  status: ActionStatus;
  /** The write-ahead undo record was stored (it always is before an action runs). */
  undoRecordStored: boolean;
  execution: ExecutionReport | null;
  undo: StoredUndo | null;
}

/** How a transaction ended: verdict and cause, health before and after (full measurements and target scores), reasons, each action. */
export interface TransactionResult {
  transactionId: string;
  verdict: TnrOutcome;
  cause: TnrVerdictCause;
  healthBefore: HealthMeasurement | null;
  healthAfter: HealthMeasurement | null;
  /** Target-scope H before and after (null when not measured). */
  scoreBefore: number | null;
  scoreAfter: number | null;
  reasons: string[];
  rollback: RollbackSummary | null;
  actions: TransactionActionResult[];
}

/** The fate of one stored step. */
export function actionStatus(step: StoredActionStep): ActionStatus {
  if (!step.undoRecord || !step.execution) return "not-run";
  if (!step.undo) return "executed";
  return step.undo.verification.restored ? "undone" : "undo-failed";
}

/** The per-action results of a stored transaction. */
export function actionResults(stored: StoredTransaction): TransactionActionResult[] {
  return stored.steps.map((step) => ({ index: step.index, type: step.action.type, status: actionStatus(step), undoRecordStored: step.undoRecord !== null, execution: step.execution, undo: step.undo }));
}

/** The result of a settled transaction; throws if it has no verdict yet (a bug in the caller). */
export function transactionResult(stored: StoredTransaction): TransactionResult {
  const verdict = stored.verdict;
  if (!verdict) throw new Error(`transaction ${stored.id} has no verdict yet (phase ${stored.phase})`);
  return {
    transactionId: stored.id,
    verdict: verdict.outcome,
    cause: verdict.cause,
    healthBefore: stored.health.before,
    healthAfter: stored.health.after,
    scoreBefore: verdict.healthBefore,
    scoreAfter: verdict.healthAfter,
    reasons: verdict.reasons,
    rollback: verdict.rollback,
    actions: actionResults(stored),
  };
}

/** The result of a settled transaction, read from the store. */
export async function loadTransactionResult(store: TnrStore, transactionId: string): Promise<TransactionResult> {
  const stored = await store.loadTransaction(transactionId);
  if (!stored) throw new Error(`transaction ${transactionId} vanished from the store`);
  return transactionResult(stored);
}
