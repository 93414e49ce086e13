import "server-only";
/** The mitigation action catalogue: typed, dry-run-first, undoable changes to a cluster. */
export {
  ACTION_CATALOGUE,
  MAX_ACTIONS_PER_TRANSACTION,
  MITIGATION_ACTION_TYPES,
  executeAction,
  mitigationActionSchema,
  mitigationTransactionSchema,
  parseMitigationAction,
  planAction,
  refusalReason,
  snapshotAction,
  undoAction,
  verifyUndoAction,
  type MitigationAction,
  type MitigationActionType,
} from "./catalogue";
export { undoRecordSchema, type FieldChange, type UndoPlan, type UndoRecord } from "./undo-record";
export type { FieldDiff } from "./object-diff";
export type {
  ActionContext,
  ActionFailure,
  ActionFailureReason,
  ActionOutcome,
  ActionPlan,
  BlastRadius,
  DryRunResult,
  ExecutionReport,
  KubeObject,
  MitigationActionDefinition,
  ObjectRef,
  RiskLevel,
  UndoReport,
  UndoVerification,
} from "./types";
