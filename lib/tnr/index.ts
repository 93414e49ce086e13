import "server-only";
/**
 * Transactional No-Regression: run a mitigation transaction under the namespace's write lock,
 * write-ahead, and keep it only if health did not regress; undo a committed one on request;
 * recover one a crash interrupted. See README.md for the steps and the recovery rules.
 */
export { runTransaction, type RunTransactionOptions } from "./run-transaction";
export { undoCommittedTransaction, type OperatorUndoResult, type UndoCommittedTransactionOptions, type UndoRegressionPolicy } from "./undo-committed-transaction";
export { recoverTransaction, type RecoverTransactionOptions, type RecoveryResult } from "./recover-transaction";
export { parseTransaction, tnrTransactionSchema } from "./parse-transaction";
export { TnrError, type TnrErrorCode } from "./tnr-error";
export { DEFAULT_STABILIZATION_MS, DEFAULT_TOLERANCE, LOCK_TTL_MARGIN_MS, MAX_ACTIONS_PER_TRANSACTION, lockTtlFor } from "./limits";
export { resolveTnrOptions, type ResolvedTnrOptions, type TnrOptions, type TnrRuntime } from "./tnr-runtime";
export { systemClock, simulatedClock, type Clock } from "./clock";
export { createHealthProbe, type CreateHealthProbeOptions, type HealthProbe, type HealthProbeRequest } from "./health-probe";
export type { WriteLease, WriteLock, WriteLockRequest } from "./write-lock";
export { createMemoryWriteLock, type MemoryWriteLockOptions } from "./memory-write-lock";
export {
  IN_FLIGHT_PHASES,
  type HealthCheckpoint,
  type OperatorUndoOutcome,
  type RollbackSummary,
  type StoredActionStep,
  type StoredTransaction,
  type StoredUndo,
  type TnrOutcome,
  type TnrPhase,
  type TnrStore,
  type TnrTransaction,
  type TnrVerdict,
  type TnrVerdictCause,
} from "./tnr-store";
export { createMemoryTnrStore, type MemoryTnrStore, type MemoryTnrStoreOptions, type TnrStoreWrite } from "./memory-tnr-store";
export { lifecycleEvent, type TnrEmit, type TnrEvent, type TnrEventDetail, type TnrLifecycleEvent, type TnrLifecycleEventType, type TnrProgressEvent } from "./tnr-events";
export { actionResults, actionStatus, transactionResult, type ActionStatus, type TransactionActionResult, type TransactionResult } from "./transaction-result";
