/** The simulated API server's storage layer. */
export { InMemoryObjectStore, type InMemoryObjectStoreOptions, type ScanOptions, type ScanResult } from "./object-store";
export { bootstrapCluster, DEFAULT_NODES, SIM_KUBERNETES_VERSION, SYSTEM_NAMESPACES, type BootstrapOptions, type NodeShape } from "./bootstrap";
export { startEventTtl, DEFAULT_EVENT_TTL_MS, type EventTtlOptions } from "./event-ttl";
export type { RecordedChange } from "./change-history";
export { cloneJson, jsonEqual, isJsonObject } from "./json-value";
