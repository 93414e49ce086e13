import "server-only";
/**
 * One mitigation transaction, Transactional No-Regression (DESIGN.md, "Health and TNR"), as
 * explicit bounded steps:
 *   1. parse the transaction (catalogue actions, at most K)
 *   2. take the namespace's write lock, or fail with "namespace busy"
 *   3. plan every action; one failed dry run aborts before anything is written
 *   4. store the transaction, measure health BEFORE and store it
 *   5. per action: snapshot → store the undo record (awaited) → execute → mark executed;
 *      on a failure undo the executed ones in reverse → aborted (execution-failed)
 *   6. wait the stabilization window
 *   7. measure health AFTER with the same traffic expectations, store it
 *   8. compare: commit, or undo everything in reverse, verify each restore → rolled back
 *   9. release the lock (always)
 * Events go out at each step (`tnr-events.ts`). Errors of the store, the lock or the event sink
 * are thrown as they are and leave the transaction in flight in the log: the engine does not
 * keep changing the cluster when it cannot record what it does; `recoverTransaction` resumes it.
 */
import type { HealthMeasurement } from "../telemetry/measure-health";
import { executeActions } from "./execute-actions";
import { withWriteLock, type HeldWriteLock } from "./hold-write-lock";
import { parseTransaction } from "./parse-transaction";
import { planActions } from "./plan-actions";
import { rollBackTransaction } from "./roll-back-transaction";
import { targetScore } from "./target-health";
import { lifecycleEvent } from "./tnr-events";
import { resolveTnrOptions, type ResolvedTnrOptions, type TnrOptions, type TnrRuntime } from "./tnr-runtime";
import type { TnrTransaction } from "./tnr-store";
import { loadTransactionResult, type TransactionResult } from "./transaction-result";
import { validateExecutedTransaction } from "./validate-executed-transaction";

/** Options of `runTransaction`. */
export interface RunTransactionOptions extends TnrRuntime {
  /** The approved transaction; parsed again here (it may come from a request body or a row). */
  tx: unknown;
  options?: TnrOptions;
}

/**
 * Runs a transaction to its verdict. Resolves with the verdict for every outcome of the
 * transaction itself (committed, rolled back, aborted); throws `TnrError` when it did not start
 * (invalid, namespace busy) or lost its lease.
 */
export async function runTransaction(options: RunTransactionOptions): Promise<TransactionResult> {
  const idHint = typeof options.tx === "object" && options.tx !== null && "id" in options.tx ? String(options.tx.id) : "unknown";
  const settings = resolveTnrOptions(options.options, idHint);
  const tx = parseTransaction(options.tx, settings.maxActions);
  const lockRequest = { cluster: tx.cluster, namespace: tx.namespace, owner: settings.owner, ttlMs: settings.lockTtlMs };
  return withWriteLock(options.lock, lockRequest, async (held) => {
    await options.emit({ kind: "progress", type: "tnr.lock.acquired", payload: { transactionId: tx.id, owner: settings.owner, expiresAt: new Date(held.lease.expiresAtMs).toISOString() } });
    return runLocked(options, tx, settings, held);
  });
}

async function runLocked(runtime: TnrRuntime, tx: TnrTransaction, settings: ResolvedTnrOptions, held: HeldWriteLock): Promise<TransactionResult> {
  const { store, emit } = runtime;
  const transactionId = tx.id;

  // 3. Plan: nothing is written (cluster or log) unless every dry run passes.
  const planned = await planActions(runtime.ctx, tx.actions);
  for (const [index, plan] of planned.plans.entries()) {
    if (plan) await emit({ kind: "progress", type: "tnr.action.planned", payload: { transactionId, index, summary: plan.summary, kubectl: plan.kubectl, risk: plan.risk, diff: plan.diff.text } });
  }
  if (!planned.ok) return abortedBeforeAnyChange(runtime, tx, planned.failures);

  // 4. Checkpoint: the log first, then health before.
  await store.saveTransaction(tx);
  let healthBefore: HealthMeasurement;
  try {
    healthBefore = await runtime.health.measure();
  } catch (error) {
    const reason = `health before the transaction could not be measured (${error instanceof Error ? error.message : String(error)}); nothing was changed`;
    await emit(lifecycleEvent("execution.failed", { transactionId, executedActions: 0, error: reason }, { reasons: [reason] }));
    await rollBackTransaction({ runtime, held, transactionId, outcome: "aborted", cause: "health-unavailable", reasons: [reason], healthBefore: null, healthAfter: null });
    return loadTransactionResult(store, transactionId);
  }
  await store.saveHealth(transactionId, "before", healthBefore);
  const scoreBefore = targetScore(healthBefore, tx.target.service) ?? 0;
  // snapshotCount: the plans read every target's live object before the first action; each
  // action's own undo record is taken right before it runs.
  await emit(lifecycleEvent("execution.started", { transactionId, healthBefore: scoreBefore, snapshotCount: planned.plans.length }, { healthBefore }));

  // 5. Execute write-ahead.
  const execution = await executeActions({ ctx: runtime.ctx, store, emit, held, transactionId, actions: tx.actions });
  if (execution.failure) {
    const reasons = [execution.failure.message];
    await emit(lifecycleEvent("execution.failed", { transactionId, executedActions: execution.executed.length, error: execution.failure.message }, { reasons, healthBefore }));
    await rollBackTransaction({ runtime, held, transactionId, outcome: "aborted", cause: "execution-failed", reasons, healthBefore, healthAfter: null });
    return loadTransactionResult(store, transactionId);
  }
  await emit(lifecycleEvent("execution.completed", { transactionId, executedActions: execution.executed.length }, { healthBefore }));

  // 6–8. Observe, measure, judge.
  const stored = await store.loadTransaction(transactionId);
  if (!stored) throw new Error(`transaction ${transactionId} vanished from the store`);
  await validateExecutedTransaction({ runtime, held, settings, transaction: stored, healthBefore });
  return loadTransactionResult(store, transactionId);
}

/** A failed plan: the lifecycle still needs the transaction to leave MITIGATING, with nothing undone. */
async function abortedBeforeAnyChange(runtime: TnrRuntime, tx: TnrTransaction, failures: string[]): Promise<TransactionResult> {
  const error = failures.join("; ");
  await runtime.emit(lifecycleEvent("execution.failed", { transactionId: tx.id, executedActions: 0, error }, { reasons: failures }));
  await runtime.emit(lifecycleEvent("rollback.completed", { transactionId: tx.id, undoneActions: 0 }, { reasons: ["nothing was executed: the dry run failed"] }));
  return {
    transactionId: tx.id,
    verdict: "aborted",
    cause: "dry-run-failed",
    healthBefore: null,
    healthAfter: null,
    scoreBefore: null,
    scoreAfter: null,
    reasons: failures,
    rollback: null,
    actions: tx.actions.map((action, index) => ({ index, type: action.type, status: "not-run", undoRecordStored: false, execution: null, undo: null })),
  };
}
