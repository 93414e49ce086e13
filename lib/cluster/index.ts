import "server-only";
/** The app's only connection to Kubernetes (a real cluster or the simulator, by kubeconfig). */
export { loadKubeConfig, type LoadKubeConfigOptions } from "./kubeconfig";
export { createClusterClients, type ClusterClients } from "./client";
export { patchOptions, PatchStrategy } from "./patch-options";
export { apiErrorCode, apiErrorStatus, isApiError, type KubernetesStatus } from "./api-errors";
// The mitigation action catalogue, as `lib/cluster/actions` exports it (one list, kept there).
export * from "./actions";
