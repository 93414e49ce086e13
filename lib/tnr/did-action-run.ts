import "server-only";
/**
 * Whether an action whose outcome we did not see actually changed the cluster: the process died
 * between "undo record stored" and "execution marked", or the API call failed in a way that
 * does not say whether the write landed (a timeout, a dropped connection).
 *
 * The undo record answers it from the live object: `verifyUndoAction` checks the object still
 * matches the snapshot (each changed field back at `before`, a deleted object present, a created
 * one absent). If it does, the action did not run, and it is not run now (recovery never
 * executes). If it does not, the change is treated as made, so it is undone; the undo's own
 * guards refuse to overwrite a change someone else made since, and that refusal is reported.
 */
import { verifyUndoAction } from "../cluster/actions/catalogue";
import type { ActionContext, ExecutionReport } from "../cluster/actions/types";
import type { UndoRecord } from "../cluster/actions/undo-record";

/** The answer, with the evidence. */
export interface ActionRunEvidence {
  ran: boolean;
  /** Differences from the snapshot (empty when it did not run). */
  evidence: string[];
  /** An execution report reconstructed from the record, to mark a step that ran. */
  report: ExecutionReport | null;
}

const OPERATION_BY_UNDO_KIND: Record<UndoRecord["undo"]["kind"], ExecutionReport["operation"]> = {
  "restore-fields": "patched",
  recreate: "deleted",
  "delete-created": "created",
  "controller-recreates": "deleted",
};

/** Reads the live object the record names and says whether the action's change is there. */
export async function didActionRun(ctx: ActionContext, undoRecord: UndoRecord): Promise<ActionRunEvidence> {
  const verification = await verifyUndoAction(ctx, undoRecord);
  if (verification.restored) return { ran: false, evidence: [], report: null };
  return {
    ran: true,
    evidence: verification.mismatches,
    // resourceVersion and generation after the write are unknown: the response was lost.
    report: { target: undoRecord.target, operation: OPERATION_BY_UNDO_KIND[undoRecord.undo.kind], resourceVersion: null, generation: null, uid: undoRecord.uid },
  };
}
