import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import { applyLifecycleEvent } from "./apply-lifecycle-event";

export const approvalDecisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"]),
    /** The proposal decided on; refused if another one is waiting. */
    transactionId: z.string().min(1).max(100),
    /** Required when rejecting: handed to the next diagnosis. */
    reason: z.string().trim().max(2000).optional(),
  })
  .strict()
  .refine((body) => body.decision === "approve" || (body.reason ?? "").length > 0, { message: "a rejection needs a reason", path: ["reason"] });

export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/**
 * An operator's approve or reject of the proposal waiting on an incident. The lifecycle table is
 * the guard: approving twice, or approving and rejecting at once, applies at most one decision,
 * and the other gets a 409 that says why.
 */
export interface DecideApprovalOptions {
  db: Db;
  incidentId: string;
  decision: ApprovalDecision;
  /** The operator deciding (recorded on the timeline and in the postmortem). */
  by: string;
}

export async function decideApproval({ db, incidentId, decision, by }: DecideApprovalOptions) {
  const latest = await db.incidentEvent.findFirst({ where: { incidentId, type: { in: ["mitigation.proposed", "operator.action_proposed"] } }, orderBy: { id: "desc" } });
  const waiting = (latest?.payload as { transactionId?: string } | undefined)?.transactionId;
  if (!waiting) throw new ApiError("conflict", `incident "${incidentId}" has no proposal waiting for approval`);
  if (waiting !== decision.transactionId) {
    throw new ApiError("conflict", `transaction "${decision.transactionId}" is not the proposal waiting on this incident ("${waiting}")`);
  }
  const result = await applyLifecycleEvent(db, {
    incidentId,
    event:
      decision.decision === "approve"
        ? { type: "approval.granted", payload: { transactionId: waiting, by, auto: false } }
        : { type: "approval.rejected", payload: { transactionId: waiting, by, reason: decision.reason ?? "" } },
  });
  if (!result.ok) throw new ApiError("conflict", result.reason);
  return { transactionId: waiting, state: result.next };
}
