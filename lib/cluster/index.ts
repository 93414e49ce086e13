import "server-only";
/** The app's only connection to Kubernetes (a real cluster or the simulator, by kubeconfig). */
export { loadKubeConfig, type LoadKubeConfigOptions } from "./kubeconfig";
export { createClusterClients, type ClusterClients } from "./client";
export { patchOptions, PatchStrategy } from "./patch-options";
export { apiErrorCode, apiErrorStatus, isApiError, type KubernetesStatus } from "./api-errors";
export {
  ACTION_CATALOGUE,
  MAX_ACTIONS_PER_TRANSACTION,
  MITIGATION_ACTION_TYPES,
  executeAction,
  mitigationActionSchema,
  mitigationTransactionSchema,
  parseMitigationAction,
  planAction,
  snapshotAction,
  undoAction,
  undoRecordSchema,
  verifyUndoAction,
  type ActionContext,
  type ActionFailure,
  type ActionOutcome,
  type ActionPlan,
  type ExecutionReport,
  type MitigationAction,
  type MitigationActionType,
  type RiskLevel,
  type UndoRecord,
  type UndoReport,
  type UndoVerification,
} from "./actions";
