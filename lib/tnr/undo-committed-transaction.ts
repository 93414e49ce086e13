import "server-only";
/**
 * An operator's undo of a committed transaction, itself TNR-checked: under the write lock,
 * measure health, undo every action in reverse order (each verified against its snapshot),
 * observe the stabilization window, measure again and compare.
 *
 * When the undo makes things worse than the tolerance allows, the default (`onRegression:
 * "reapply"`) applies the transaction's actions again, write-ahead as in a mitigation (fresh
 * undo records, so it can be undone later), and reports `undo.aborted`: this is what the incident
 * lifecycle expects (UNDOING → MITIGATED/RESOLVED), and it puts the namespace back in the state
 * TNR last judged healthy. The re-apply is not observed again: that state was already validated.
 * A caller that would rather keep the undo (the operator insists, or knows the fix must go)
 * passes `onRegression: "keep"`: the undo stands, `undo.completed` is reported with the
 * regression in its reasons, and the result says `regressed: true`.
 * An undo or re-apply that fails is reported `undo.failed` (a human must act); a re-apply that
 * fails part-way undoes what it re-applied, so the namespace is left in the undone state.
 */
import { compareHealth } from "../telemetry/compare-health";
import { trafficExpectations, type HealthMeasurement } from "../telemetry/measure-health";
import { executeActions } from "./execute-actions";
import { withWriteLock, type HeldWriteLock } from "./hold-write-lock";
import { targetScore } from "./target-health";
import { TnrError } from "./tnr-error";
import { lifecycleEvent, payloadScore } from "./tnr-events";
import { resolveTnrOptions, type ResolvedTnrOptions, type TnrOptions, type TnrRuntime } from "./tnr-runtime";
import type { OperatorUndoOutcome, StoredTransaction } from "./tnr-store";
import { actionResults, type TransactionActionResult } from "./transaction-result";
import { undoExecutedActions } from "./undo-executed-actions";

/** What to do when the undo itself regresses health. */
export type UndoRegressionPolicy = "reapply" | "keep";

/** Options of `undoCommittedTransaction`. */
export interface UndoCommittedTransactionOptions extends TnrRuntime {
  txId: string;
  /** The operator, for the lock holder's name. */
  requestedBy: string;
  options?: Omit<TnrOptions, "maxActions"> & { onRegression?: UndoRegressionPolicy };
}

/** How the undo ended, with both health measurements. */
export interface OperatorUndoResult extends OperatorUndoOutcome {
  transactionId: string;
  healthBeforeUndo: HealthMeasurement | null;
  healthAfterUndo: HealthMeasurement | null;
  actions: TransactionActionResult[];
}

/**
 * Undoes a committed transaction. Throws `TnrError`: "not-found", "invalid-state" (not
 * committed: nothing of it stands), "namespace-busy", "health-unavailable" (no baseline, nothing
 * changed), or "lease-lost".
 */
export async function undoCommittedTransaction(options: UndoCommittedTransactionOptions): Promise<OperatorUndoResult> {
  const stored = await options.store.loadTransaction(options.txId);
  if (!stored) throw new TnrError("not-found", `no stored transaction ${options.txId}`);
  if (stored.phase !== "committed") throw new TnrError("invalid-state", `transaction ${stored.id} is ${stored.phase}; only a committed transaction can be undone`);
  const settings = resolveTnrOptions({ ...options.options, owner: options.options?.owner ?? `undo:${stored.id}:${options.requestedBy}` }, stored.id);
  const lockRequest = { cluster: stored.cluster, namespace: stored.namespace, owner: settings.owner, ttlMs: settings.lockTtlMs };
  return withWriteLock(options.lock, lockRequest, (held) => undoLocked(options, stored, settings, held, options.options?.onRegression ?? "reapply"));
}

async function undoLocked(runtime: TnrRuntime, tx: StoredTransaction, settings: ResolvedTnrOptions, held: HeldWriteLock, onRegression: UndoRegressionPolicy): Promise<OperatorUndoResult> {
  const { store, emit, clock } = runtime;
  const transactionId = tx.id;
  const service = tx.target.service;

  // Nothing is changed without a baseline to judge the undo by.
  let healthBefore: HealthMeasurement;
  try {
    healthBefore = await runtime.health.measure();
  } catch (error) {
    throw new TnrError("health-unavailable", `cannot undo ${transactionId}: health could not be measured (${error instanceof Error ? error.message : String(error)}); nothing was changed`);
  }
  await store.savePhase(transactionId, "undoing");
  await store.saveHealth(transactionId, "undo-before", healthBefore);

  const settle = async (outcome: Omit<OperatorUndoOutcome, "healthBefore" | "healthAfter" | "decidedAt">, healthAfter: HealthMeasurement | null): Promise<OperatorUndoResult> => {
    const record: OperatorUndoOutcome = { ...outcome, healthBefore: targetScore(healthBefore, service), healthAfter: targetScore(healthAfter, service), decidedAt: clock.now().toISOString() };
    await store.saveOperatorUndo(transactionId, record);
    const detail = { reasons: record.reasons, healthBefore, healthAfter };
    const scores = { transactionId, healthBefore: payloadScore(record.healthBefore), healthAfter: payloadScore(record.healthAfter) };
    if (record.outcome === "failed") await emit(lifecycleEvent("undo.failed", { transactionId, error: record.reasons.join("; ") }, detail));
    else if (record.outcome === "reapplied") await emit(lifecycleEvent("undo.aborted", { ...scores, reason: record.reasons.join("; ") }, detail));
    else await emit(lifecycleEvent("undo.completed", scores, detail));
    const stored = await store.loadTransaction(transactionId);
    return { ...record, transactionId, healthBeforeUndo: healthBefore, healthAfterUndo: healthAfter, actions: stored ? actionResults(stored) : [] };
  };

  const undo = await undoExecutedActions({ ctx: runtime.ctx, store, emit, held, transactionId, steps: tx.steps });
  if (!undo.restored) return settle({ outcome: "failed", regressed: false, reasons: undo.failures }, null);

  await emit({ kind: "progress", type: "tnr.stabilizing", payload: { transactionId, windowMs: settings.stabilizationMs } });
  await held.renew();
  await clock.sleep(settings.stabilizationMs);
  await held.renew();
  let healthAfter: HealthMeasurement | null = null;
  let reasons: string[];
  let regressed: boolean;
  try {
    healthAfter = await runtime.health.measure({ services: trafficExpectations(healthBefore) });
    await store.saveHealth(transactionId, "undo-after", healthAfter);
    const comparison = compareHealth(healthBefore, healthAfter, { tolerance: settings.tolerance, ...(service !== undefined ? { target: service } : {}) });
    reasons = comparison.reasons;
    regressed = comparison.verdict === "abort";
  } catch (error) {
    // Same rule as a mitigation: without evidence the undo is not judged safe.
    reasons = [`health after the undo could not be measured (${error instanceof Error ? error.message : String(error)})`];
    regressed = true;
  }
  if (!regressed) return settle({ outcome: "undone", regressed: false, reasons }, healthAfter);
  if (onRegression === "keep") return settle({ outcome: "undone", regressed: true, reasons: [...reasons, "the undo regressed health; kept as the caller asked"] }, healthAfter);

  await store.savePhase(transactionId, "reapplying");
  const reapply = await executeActions({ ctx: runtime.ctx, store, emit, held, transactionId, actions: tx.actions });
  if (!reapply.failure) return settle({ outcome: "reapplied", regressed: true, reasons: [...reasons, `the undo regressed health; the transaction's ${tx.actions.length} actions were applied again`] }, healthAfter);
  const stored = await store.loadTransaction(transactionId);
  const backOut = stored ? await undoExecutedActions({ ctx: runtime.ctx, store, emit, held, transactionId, steps: stored.steps }) : { failures: ["transaction vanished from the store"] };
  return settle({ outcome: "failed", regressed: true, reasons: [...reasons, `re-apply failed: ${reapply.failure.message}; the re-applied actions were undone`, ...backOut.failures] }, healthAfter);
}
