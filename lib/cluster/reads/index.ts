import "server-only";
/**
 * Read-only Kubernetes queries for the agents' tools and the deterministic analyzers: thin API
 * reads (server-only) and pure summaries of what they return.
 */
export * from "./timestamps";
export * from "../label-selector";
export * from "./pod-summary";
export * from "./deployment-summary";
export * from "./rollout-revisions";
export * from "./pod-template-diff";
export * from "./env-format";
export * from "./service-summary";
export * from "./event-summary";
export * from "./network-policy-summary";
export * from "./config-ref-check";
export * from "./service-of";
export * from "./cluster-snapshot";
export * from "./not-found";
export * from "./read-pods";
export * from "./read-deployments";
export * from "./read-services";
export * from "./read-events";
export * from "./read-pod-logs";
export * from "./read-policies";
export * from "./read-config-objects";
export * from "./read-chaos-objects";
export * from "./collect-cluster-snapshot";
