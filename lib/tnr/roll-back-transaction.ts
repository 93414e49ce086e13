import "server-only";
/**
 * Abort a transaction that changed the cluster: move it to `rolling_back` in the log, undo every
 * executed action in reverse order (verified), then store the verdict with the rollback's summary
 * and report `rollback.completed`, or `rollback.failed` when anything could not be restored
 * (the lifecycle escalates that to a human).
 */
import type { HealthMeasurement } from "../telemetry/measure-health";
import type { HeldWriteLock } from "./hold-write-lock";
import { targetScore } from "./target-health";
import { lifecycleEvent } from "./tnr-events";
import type { TnrRuntime } from "./tnr-runtime";
import type { TnrOutcome, TnrVerdict, TnrVerdictCause } from "./tnr-store";
import { undoExecutedActions } from "./undo-executed-actions";

/** Options of `rollBackTransaction`. */
export interface RollBackTransactionOptions {
  runtime: TnrRuntime;
  held: HeldWriteLock;
  transactionId: string;
  outcome: Exclude<TnrOutcome, "committed">;
  cause: TnrVerdictCause;
  reasons: string[];
  healthBefore: HealthMeasurement | null;
  healthAfter: HealthMeasurement | null;
}

/** Undoes what ran and settles the transaction; returns the stored verdict. */
export async function rollBackTransaction(options: RollBackTransactionOptions): Promise<TnrVerdict> {
  const { runtime, held, transactionId } = options;
  const { store, emit } = runtime;
  await store.savePhase(transactionId, "rolling_back");
  const stored = await store.loadTransaction(transactionId);
  if (!stored) throw new Error(`transaction ${transactionId} vanished from the store during its rollback`);
  const rollback = await undoExecutedActions({ ctx: runtime.ctx, store, emit, held, transactionId, steps: stored.steps });
  const service = stored.target.service;
  const verdict: TnrVerdict = {
    outcome: options.outcome,
    cause: options.cause,
    reasons: [...options.reasons, ...rollback.failures],
    healthBefore: targetScore(options.healthBefore, service),
    healthAfter: targetScore(options.healthAfter, service),
    rollback,
    decidedAt: runtime.clock.now().toISOString(),
  };
  await store.saveVerdict(transactionId, verdict);
  const detail = { reasons: verdict.reasons, healthBefore: options.healthBefore, healthAfter: options.healthAfter };
  if (rollback.restored) await emit(lifecycleEvent("rollback.completed", { transactionId, undoneActions: rollback.undone }, detail));
  else await emit(lifecycleEvent("rollback.failed", { transactionId, error: rollback.failures.join("; ") }, detail));
  return verdict;
}
