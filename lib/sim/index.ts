/**
 * The simulated Kubernetes cluster (`lib/sim`): an API server that kubectl and
 * `@kubernetes/client-node` drive like a real cluster, backed by a behavioural model.
 */
export { createSimulator, DEFAULT_KUBECONFIG_PATH, type Simulator, type SimulatorOptions } from "./simulator";
export { SimClock, type ClockMode, type ClockOptions } from "./clock";
export { SeededRandom } from "./rng";
export * from "./types";
export * from "./errors";
export { RESOURCES, RESOURCE_KEYS, resourceByKey, resourceByKind, resourceByPath, resourceKeyOf, apiVersionOf, type ServedResource } from "./resources";
export { parseLabelSelector, matchesLabels, labelSelectorFromSpec, formatLabelSelector, parseFieldSelector, matchesFields, type LabelSelectorSpec } from "./selectors";
export { InMemoryObjectStore, bootstrapCluster, DEFAULT_NODES, SYSTEM_NAMESPACES, SIM_KUBERNETES_VERSION, type NodeShape } from "./store";
export { createApiServer, type ApiServer, type ApiServerOptions } from "./server/api-server";
export { SIM_KUBECONFIG_NAME, SIM_TOKEN, simKubeconfigYaml, writeSimKubeconfig } from "./server/kubeconfig-file";
export { applyJsonPatch } from "./patch/json-patch";
export { applyMergePatch } from "./patch/merge-patch";
export { applyStrategicMergePatch } from "./patch/strategic-merge-patch";
export * from "./api/custom-resources";
