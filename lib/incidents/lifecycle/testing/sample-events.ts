/** One valid event of every type, for tests. */
import type { LifecycleEvent, LifecycleEventType } from "../events";

export type SampleEvents = { [Type in LifecycleEventType]: Extract<LifecycleEvent, { type: Type }> };

export const SAMPLE_EVENTS: SampleEvents = {
  "detection.confirmed": { type: "detection.confirmed", payload: { severity: "critical", evidence: ["cart error ratio 42% for 5m"] } },
  "detection.noise": { type: "detection.noise", payload: { reason: "synthetic probe only; real traffic healthy" } },
  "diagnosis.completed": {
    type: "diagnosis.completed",
    payload: { rootCause: "cart image tag does not exist", evidence: ["ImagePullBackOff on cart-7d9"], confidence: 0.9 },
  },
  "diagnosis.no_safe_action": {
    type: "diagnosis.no_safe_action",
    payload: { rootCause: "database user cart was dropped", reason: "recreating a DB user has no faithful undo", runbookSteps: ["recreate user cart", "restart cart"] },
  },
  "mitigation.proposed": { type: "mitigation.proposed", payload: { transactionId: "tx-1", actionCount: 1, summary: "set cart image to v1.4.2" } },
  "mitigation.no_safe_action": { type: "mitigation.no_safe_action", payload: { reason: "every candidate failed its dry run", runbookSteps: ["check the registry"] } },
  "approval.granted": { type: "approval.granted", payload: { transactionId: "tx-1", by: "alice", auto: false } },
  "approval.rejected": { type: "approval.rejected", payload: { transactionId: "tx-1", by: "alice", reason: "v1.4.2 has the memory leak" } },
  "execution.started": { type: "execution.started", payload: { transactionId: "tx-1", healthBefore: 41, snapshotCount: 1 } },
  "execution.completed": { type: "execution.completed", payload: { transactionId: "tx-1", executedActions: 1 } },
  "execution.failed": { type: "execution.failed", payload: { transactionId: "tx-1", executedActions: 0, error: "conflict: object changed" } },
  "validation.committed": { type: "validation.committed", payload: { transactionId: "tx-1", healthBefore: 41, healthAfter: 97 } },
  "validation.regressed": {
    type: "validation.regressed",
    payload: { transactionId: "tx-1", healthBefore: 41, healthAfter: 30, regressedScopes: ["shop/checkout"], reason: "checkout lost 11 points" },
  },
  "rollback.completed": { type: "rollback.completed", payload: { transactionId: "tx-1", undoneActions: 1 } },
  "rollback.failed": { type: "rollback.failed", payload: { transactionId: "tx-1", error: "snapshot conflicts with a newer change" } },
  "rollback.reviewed": { type: "rollback.reviewed", payload: { transactionId: "tx-1", whatDidNotWork: "scaling cart did not reduce errors" } },
  "alerts.cleared": { type: "alerts.cleared", payload: { clearedAlerts: 2 } },
  "alerts.refired": { type: "alerts.refired", payload: { alertIds: ["alert-1"] } },
  "alerts.clearance_timeout": { type: "alerts.clearance_timeout", payload: { waitedMs: 900_000 } },
  "operator.escalated": { type: "operator.escalated", payload: { by: "alice", reason: "I know this one" } },
  "operator.resolved": { type: "operator.resolved", payload: { by: "alice", note: "fixed by hand" } },
  "operator.reinvestigation_requested": { type: "operator.reinvestigation_requested", payload: { by: "alice", note: "look at the DB pool" } },
  "operator.abort_requested": { type: "operator.abort_requested", payload: { transactionId: "tx-1", by: "alice", reason: "wrong namespace" } },
  "operator.action_proposed": { type: "operator.action_proposed", payload: { transactionId: "tx-3", by: "alice", actionCount: 1, summary: "scale checkout to 4" } },
  "operator.undo_requested": { type: "operator.undo_requested", payload: { transactionId: "tx-1", by: "alice", reason: "temporary scale-up no longer needed" } },
  "undo.completed": { type: "undo.completed", payload: { transactionId: "tx-1", healthBefore: 97, healthAfter: 96 } },
  "undo.aborted": { type: "undo.aborted", payload: { transactionId: "tx-1", healthBefore: 97, healthAfter: 50, reason: "undo would drop cart to 50" } },
  "undo.failed": { type: "undo.failed", payload: { transactionId: "tx-1", error: "snapshot conflicts with a newer change" } },
  "recovery.resumed": { type: "recovery.resumed", payload: { workerId: "worker-b", previousWorkerId: "worker-a", step: "execute action 1 of 1" } },
};
