import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import { applyLifecycleEvent } from "./apply-lifecycle-event";

export const undoRequestSchema = z
  .object({
    /** The committed transaction to undo. */
    transactionId: z.string().min(1).max(100),
    /** Why it must go: recorded on the timeline and in the postmortem. */
    reason: z.string().trim().min(1, "say why the transaction must be undone").max(2000),
  })
  .strict();
export type UndoRequest = z.infer<typeof undoRequestSchema>;

export interface RequestUndoOptions {
  db: Db;
  incidentId: string;
  request: UndoRequest;
  /** Who asks (recorded on the timeline). */
  by: string;
}

/**
 * An operator's request to undo a committed transaction of an incident. Only records the request
 * (operator.undo_requested -> UNDOING); the pipeline worker performs the undo under the write
 * lock and TNR-checks it like any mitigation. Asking twice, or for a transaction that is not
 * committed, is a 409 that says why.
 */
export async function requestUndo({ db, incidentId, request, by }: RequestUndoOptions) {
  const tx = await db.mitigationTransaction.findUnique({ where: { id: request.transactionId }, select: { incidentId: true, phase: true } });
  if (!tx || tx.incidentId !== incidentId) throw new ApiError("not_found", `incident "${incidentId}" has no transaction "${request.transactionId}"`);
  if (tx.phase !== "committed") {
    throw new ApiError("conflict", `transaction "${request.transactionId}" is ${tx.phase.replace("_", " ")}; only a committed transaction can be undone`);
  }
  const result = await applyLifecycleEvent(db, {
    incidentId,
    event: { type: "operator.undo_requested", payload: { transactionId: request.transactionId, by, reason: request.reason } },
    hasUndoableTransaction: true,
  });
  if (!result.ok) throw new ApiError("conflict", result.reason);
  return { transactionId: request.transactionId, state: result.next };
}
