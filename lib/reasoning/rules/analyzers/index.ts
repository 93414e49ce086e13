/** Deterministic analyzers (k8sgpt-style): pure functions from a cluster snapshot to findings. */
export * from "./types";
export { ANALYZERS, DEFAULT_RECENT_ROLLOUT_MINUTES, runAnalyzers } from "./run-analyzers";
export { parseFailedScheduling, type SchedulingCause, type SchedulingReason } from "./scheduling";
export { parseConfigError } from "./container-config";
export { parseQuotaExceeded } from "./replicaset-failed-create";
export { LOG_SIGNATURES, type LogSignature } from "./log-signatures";
export { probesOnUndeclaredPorts } from "./probes";
export { categoryOfTermination } from "./pod-state";
