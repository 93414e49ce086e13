import "server-only";
/**
 * Crash recovery: resume a transaction the log shows in flight, from its write-ahead records,
 * under the write lock (the crashed holder's lease must have expired first). Recovery never
 * executes an action: it either validates what fully ran, or undoes what partly ran.
 *
 * Rules, applied in order:
 * 1. Settled (committed, rolled back, aborted, undone): nothing to do; the stored result is returned.
 * 2. Unmarked steps (undo record stored, execution not marked) are settled from the live object
 *    (`reconcile-unmarked-steps.ts`): the change is there → marked executed; the object still
 *    matches its snapshot → not run, and it stays not run.
 * 3. `mitigating`: if every action is executed and health before was stored, the transaction is
 *    validated as if it had just finished executing (a full stabilization window from now, then
 *    TNR: commit or roll back). Otherwise it is aborted as `interrupted`: the executed actions are
 *    undone in reverse order (none executed: nothing to undo).
 * 4. `validating`: validated (full window from now, then commit or roll back). Health before is
 *    in the log; without it the transaction is rolled back (no evidence, no commit).
 * 5. `rolling_back`: the rollback is finished (steps already verified restored are skipped). The
 *    verdict is `rolled_back` (health-regressed) when health after was stored, else `aborted`
 *    (interrupted): the cause of a rollback that crashed before its verdict is not stored.
 * 6. `undoing` / `reapplying` (an operator's undo): every executed step is undone again, so the
 *    namespace ends where the undo was headed. An uninterrupted undo would have been TNR-checked;
 *    a recovered one is reported `failed` (lifecycle `undo.failed`, which escalates) when it was
 *    re-applying (the undo had regressed) or anything could not be restored, else `undone`
 *    without a health check, with reasons saying so.
 */
import { trafficExpectations } from "../telemetry/measure-health";
import type { HealthMeasurement } from "../telemetry/measure-health";
import { withWriteLock, type HeldWriteLock } from "./hold-write-lock";
import { reconcileUnmarkedSteps, type ReconciledStep } from "./reconcile-unmarked-steps";
import { rollBackTransaction } from "./roll-back-transaction";
import { targetScore } from "./target-health";
import { TnrError } from "./tnr-error";
import { lifecycleEvent, payloadScore } from "./tnr-events";
import { resolveTnrOptions, type ResolvedTnrOptions, type TnrOptions, type TnrRuntime } from "./tnr-runtime";
import { IN_FLIGHT_PHASES, type StoredTransaction } from "./tnr-store";
import { loadTransactionResult, transactionResult, type TransactionResult } from "./transaction-result";
import { undoExecutedActions } from "./undo-executed-actions";
import { validateExecutedTransaction } from "./validate-executed-transaction";

/** Options of `recoverTransaction`. */
export interface RecoverTransactionOptions extends TnrRuntime {
  txId: string;
  /** The worker taking over (also the lock owner). */
  owner: string;
  /** The worker whose lease expired, if known (for the `recovery.resumed` event). */
  previousOwner?: string | null;
  options?: Omit<TnrOptions, "owner" | "maxActions">;
}

/** What recovery did, and the transaction's result when it is a settled mitigation. */
export interface RecoveryResult {
  transactionId: string;
  /** `none`: already settled. `validated`: rule 3/4. `rolled-back`: rules 3 and 5. `undo-finished`: rule 6. */
  resumed: "none" | "validated" | "rolled-back" | "undo-finished";
  /** Unmarked steps and whether their change was found in the cluster. */
  reconciled: ReconciledStep[];
  /** The mitigation's result (for an operator undo, the committed result it undid). */
  result: TransactionResult | null;
  /** The transaction as the log holds it now. */
  stored: StoredTransaction;
}

/** Resumes `txId` from the log; throws `TnrError` ("not-found", "namespace-busy", "lease-lost"). */
export async function recoverTransaction(options: RecoverTransactionOptions): Promise<RecoveryResult> {
  const { store } = options;
  const stored = await store.loadTransaction(options.txId);
  if (!stored) throw new TnrError("not-found", `no stored transaction ${options.txId}`);
  if (!IN_FLIGHT_PHASES.includes(stored.phase)) {
    return { transactionId: stored.id, resumed: "none", reconciled: [], result: stored.verdict ? transactionResult(stored) : null, stored };
  }
  const settings = resolveTnrOptions({ ...options.options, owner: options.owner }, stored.id);
  const lockRequest = { cluster: stored.cluster, namespace: stored.namespace, owner: settings.owner, ttlMs: settings.lockTtlMs };
  return withWriteLock(options.lock, lockRequest, (held) => recoverLocked(options, stored, settings, held));
}

async function recoverLocked(runtime: RecoverTransactionOptions, interrupted: StoredTransaction, settings: ResolvedTnrOptions, held: HeldWriteLock): Promise<RecoveryResult> {
  const { store, emit } = runtime;
  const transactionId = interrupted.id;
  await emit(lifecycleEvent("recovery.resumed", { workerId: runtime.owner, previousWorkerId: runtime.previousOwner ?? null, step: describeStep(interrupted) }));

  const reconciled = await reconcileUnmarkedSteps(runtime.ctx, store, interrupted);
  const current = await reload(runtime, transactionId);
  const executed = current.steps.filter((s) => s.execution).length;
  const healthBefore = current.health.before;
  const finish = async (resumed: RecoveryResult["resumed"]): Promise<RecoveryResult> => {
    const stored = await reload(runtime, transactionId);
    return { transactionId, resumed, reconciled, result: stored.verdict ? await loadTransactionResult(store, transactionId) : null, stored };
  };

  switch (current.phase) {
    case "mitigating":
    case "validating": {
      const allExecuted = executed === current.steps.length;
      if (allExecuted && healthBefore) {
        if (current.phase === "mitigating") await emit(lifecycleEvent("execution.completed", { transactionId, executedActions: executed }, { healthBefore, reasons: ["recovered: every action had run"] }));
        await validateExecutedTransaction({ runtime, held, settings, transaction: current, healthBefore });
        return finish("validated");
      }
      const reason = allExecuted
        ? "interrupted: health before was not stored, so the transaction cannot be judged"
        : `interrupted after ${executed} of ${current.steps.length} actions; recovery never executes, so what ran is undone`;
      if (current.phase === "mitigating") await emit(lifecycleEvent("execution.failed", { transactionId, executedActions: executed, error: reason }, { reasons: [reason], healthBefore }));
      else await emit(lifecycleEvent("validation.regressed", { transactionId, healthBefore: payloadScore(targetScore(healthBefore, current.target.service)), healthAfter: 0, regressedScopes: [], reason }, { reasons: [reason], healthBefore }));
      await rollBackTransaction({ runtime, held, transactionId, outcome: "aborted", cause: allExecuted ? "health-unavailable" : "interrupted", reasons: [reason], healthBefore, healthAfter: null });
      return finish("rolled-back");
    }
    case "rolling_back": {
      const regressed = current.health.after !== null;
      const reasons = [regressed ? "rollback after a health regression, resumed after a crash" : "rollback resumed after a crash"];
      await rollBackTransaction({ runtime, held, transactionId, outcome: regressed ? "rolled_back" : "aborted", cause: regressed ? "health-regressed" : "interrupted", reasons, healthBefore, healthAfter: current.health.after });
      return finish("rolled-back");
    }
    case "undoing":
    case "reapplying":
      await finishOperatorUndo(runtime, held, current);
      return finish("undo-finished");
    default:
      throw new TnrError("invalid-state", `transaction ${transactionId} is ${current.phase}, not in flight`);
  }
}

/** Rule 6. */
async function finishOperatorUndo(runtime: RecoverTransactionOptions, held: HeldWriteLock, current: StoredTransaction): Promise<void> {
  const { store, emit, clock } = runtime;
  const transactionId = current.id;
  const rollback = await undoExecutedActions({ ctx: runtime.ctx, store, emit, held, transactionId, steps: current.steps });
  const wasReapplying = current.phase === "reapplying";
  const reasons = [
    wasReapplying
      ? "interrupted while re-applying after the undo regressed; the re-applied actions were undone again, so the namespace is in the regressed, undone state: a human must decide"
      : "operator undo interrupted and finished by recovery, without a health check after it",
    ...rollback.failures,
  ];
  const failed = wasReapplying || !rollback.restored;
  const undoBefore = current.health["undo-before"];
  let undoAfter: HealthMeasurement | null = null;
  try {
    undoAfter = await runtime.health.measure(undoBefore ? { services: trafficExpectations(undoBefore) } : {});
    await store.saveHealth(transactionId, "undo-after", undoAfter);
  } catch (error) {
    reasons.push(`health after could not be measured: ${error instanceof Error ? error.message : String(error)}`);
  }
  const scores = { healthBefore: targetScore(undoBefore, current.target.service), healthAfter: targetScore(undoAfter, current.target.service) };
  await store.saveOperatorUndo(transactionId, { outcome: failed ? "failed" : "undone", regressed: wasReapplying, reasons, ...scores, decidedAt: clock.now().toISOString() });
  const detail = { reasons, healthBefore: undoBefore, healthAfter: undoAfter };
  if (failed) await emit(lifecycleEvent("undo.failed", { transactionId, error: reasons.join("; ") }, detail));
  else await emit(lifecycleEvent("undo.completed", { transactionId, healthBefore: payloadScore(scores.healthBefore), healthAfter: payloadScore(scores.healthAfter) }, detail));
}

function describeStep(stored: StoredTransaction): string {
  const executed = stored.steps.filter((s) => s.execution).length;
  const recorded = stored.steps.filter((s) => s.undoRecord).length;
  return `${stored.phase}: ${executed} of ${stored.steps.length} actions marked executed, ${recorded} undo records stored`;
}

async function reload(runtime: TnrRuntime, transactionId: string): Promise<StoredTransaction> {
  const stored = await runtime.store.loadTransaction(transactionId);
  if (!stored) throw new Error(`transaction ${transactionId} vanished from the store`);
  return stored;
}
