import "server-only";
/**
 * Steps 6 to 8 of a transaction, once every action ran: observe for the stabilization window,
 * measure health after (judging traffic exactly as the "before" measurement did), and let TNR
 * decide: commit, or report the regression and roll everything back. Health that cannot be
 * measured after counts as a regression: nothing commits without evidence.
 */
import { compareHealth } from "../telemetry/compare-health";
import { trafficExpectations, type HealthMeasurement } from "../telemetry/measure-health";
import type { HeldWriteLock } from "./hold-write-lock";
import { rollBackTransaction } from "./roll-back-transaction";
import { regressedScopes, targetScore } from "./target-health";
import { lifecycleEvent, payloadScore } from "./tnr-events";
import type { ResolvedTnrOptions, TnrRuntime } from "./tnr-runtime";
import type { StoredTransaction, TnrVerdict } from "./tnr-store";

/** Options of `validateExecutedTransaction`. */
export interface ValidateExecutedTransactionOptions {
  runtime: TnrRuntime;
  held: HeldWriteLock;
  settings: ResolvedTnrOptions;
  /** The stored transaction, every action executed, health before saved. */
  transaction: StoredTransaction;
  healthBefore: HealthMeasurement;
}

/** Observes, measures, judges; returns the stored verdict. */
export async function validateExecutedTransaction(options: ValidateExecutedTransactionOptions): Promise<TnrVerdict> {
  const { runtime, held, settings, transaction, healthBefore } = options;
  const { store, emit, clock } = runtime;
  const transactionId = transaction.id;
  const service = transaction.target.service;
  await store.savePhase(transactionId, "validating");

  await emit({ kind: "progress", type: "tnr.stabilizing", payload: { transactionId, windowMs: settings.stabilizationMs } });
  await held.renew();
  await clock.sleep(settings.stabilizationMs);
  await held.renew();

  let healthAfter: HealthMeasurement | null = null;
  let unmeasured: string | null = null;
  try {
    healthAfter = await runtime.health.measure({ services: trafficExpectations(healthBefore) });
    await store.saveHealth(transactionId, "after", healthAfter);
  } catch (error) {
    unmeasured = `health after the transaction could not be measured (${error instanceof Error ? error.message : String(error)}); not committing without evidence`;
  }

  const comparison = healthAfter ? compareHealth(healthBefore, healthAfter, { tolerance: settings.tolerance, ...(service !== undefined ? { target: service } : {}) }) : null;
  const scores = { healthBefore: targetScore(healthBefore, service), healthAfter: targetScore(healthAfter, service) };
  const detail = { healthBefore, healthAfter };

  if (comparison?.verdict === "commit") {
    const verdict: TnrVerdict = { outcome: "committed", cause: "health-held", reasons: comparison.reasons, ...scores, rollback: null, decidedAt: clock.now().toISOString() };
    await store.saveVerdict(transactionId, verdict);
    await emit(lifecycleEvent("validation.committed", { transactionId, healthBefore: payloadScore(scores.healthBefore), healthAfter: payloadScore(scores.healthAfter) }, { ...detail, reasons: verdict.reasons }));
    return verdict;
  }

  const reasons = comparison ? comparison.reasons : [unmeasured ?? "health after the transaction was not measured"];
  const scopes = comparison ? regressedScopes(comparison, { tolerance: settings.tolerance, namespace: transaction.namespace, target: service }) : [service ?? `namespace ${transaction.namespace}`];
  await emit(
    lifecycleEvent(
      "validation.regressed",
      { transactionId, healthBefore: payloadScore(scores.healthBefore), healthAfter: payloadScore(scores.healthAfter), regressedScopes: scopes, reason: reasons.join("; ") },
      { ...detail, reasons },
    ),
  );
  return rollBackTransaction({
    runtime,
    held,
    transactionId,
    outcome: "rolled_back",
    cause: comparison ? "health-regressed" : "health-unavailable",
    reasons,
    ...detail,
  });
}
