import "server-only";
/**
 * Recovery's first move: settle every step whose undo record was stored but whose execution was
 * never marked (the process died between the two, or mid-call). `didActionRun` asks the live
 * object; a step that ran is marked executed from the record (so it will be undone or validated),
 * one that did not stays not-run and is never executed by recovery.
 */
import type { ActionContext } from "../cluster/actions/types";
import { didActionRun } from "./did-action-run";
import type { StoredTransaction, TnrStore } from "./tnr-store";

/** What recovery found for one unmarked step. */
export interface ReconciledStep {
  index: number;
  ran: boolean;
  evidence: string[];
}

/** Marks the unmarked steps that ran; returns what it found for each unmarked step. */
export async function reconcileUnmarkedSteps(ctx: ActionContext, store: TnrStore, stored: StoredTransaction): Promise<ReconciledStep[]> {
  const found: ReconciledStep[] = [];
  for (const step of stored.steps) {
    if (!step.undoRecord || step.execution || step.undo) continue;
    const landed = await didActionRun(ctx, step.undoRecord);
    if (landed.ran && landed.report) await store.markActionExecuted(stored.id, step.index, landed.report);
    found.push({ index: step.index, ran: landed.ran, evidence: landed.evidence });
  }
  return found;
}
