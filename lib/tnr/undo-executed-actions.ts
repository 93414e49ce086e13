import "server-only";
/**
 * Undo every executed action of a stored transaction, newest first, each from its write-ahead
 * undo record, and verify each restore against the snapshot. Idempotent, so recovery can run it
 * again: a step already verified restored is skipped, and an undo finding the object already at
 * its snapshot writes nothing. One failed undo does not stop the others (restore as much as
 * possible); each failure is reported for a human.
 */
import { undoAction, verifyUndoAction } from "../cluster/actions/catalogue";
import type { ActionContext } from "../cluster/actions/types";
import type { HeldWriteLock } from "./hold-write-lock";
import type { TnrEmit } from "./tnr-events";
import type { RollbackSummary, StoredActionStep, TnrStore } from "./tnr-store";

/** Options of `undoExecutedActions`. */
export interface UndoExecutedActionsOptions {
  ctx: ActionContext;
  store: TnrStore;
  emit: TnrEmit;
  held: HeldWriteLock;
  transactionId: string;
  steps: readonly StoredActionStep[];
}

/** Steps that ran and are not yet verified restored, newest first. */
export function stepsToUndo(steps: readonly StoredActionStep[]): StoredActionStep[] {
  return steps.filter((s) => s.undoRecord && s.execution && !s.undo?.verification.restored).sort((a, b) => b.index - a.index);
}

/** Undoes in reverse order; the summary says how many were restored and what was not. */
export async function undoExecutedActions(options: UndoExecutedActionsOptions): Promise<RollbackSummary> {
  const { ctx, store, emit, held, transactionId } = options;
  const failures: string[] = [];
  let undone = 0;
  for (const step of stepsToUndo(options.steps)) {
    const undoRecord = step.undoRecord;
    if (!undoRecord) continue;
    await held.renew();
    const outcome = await undoAction(ctx, undoRecord);
    const verification = await verifyUndoAction(ctx, undoRecord);
    const label = `action ${step.index + 1} (${step.action.type})`;
    let message: string;
    if (!outcome.ok) {
      message = `${label}: undo failed: ${outcome.error.reason}: ${outcome.error.message}`;
      failures.push(message);
    } else if (!verification.restored) {
      message = `${label}: undone but not back at its snapshot: ${verification.mismatches.join("; ")}`;
      failures.push(message);
    } else {
      message = `${label}: ${outcome.value.message}`;
      undone++;
    }
    await store.markActionUndone(transactionId, step.index, { report: outcome.ok ? outcome.value : null, error: outcome.ok ? null : outcome.error.message, verification });
    await emit({ kind: "progress", type: "tnr.action.undone", payload: { transactionId, index: step.index, restored: outcome.ok && verification.restored, message } });
  }
  return { undone, restored: failures.length === 0, failures };
}
