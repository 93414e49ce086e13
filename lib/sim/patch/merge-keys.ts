/**
 * Patch strategy of the lists in built-in kinds: the `patchStrategy:"merge"` and
 * `patchMergeKey` struct tags of `k8s.io/api`, for the kinds the simulator serves. Lists not
 * listed here are atomic (replaced as a whole), as in the real API server.
 */

/** How a list field merges in a strategic merge patch. */
export type ListStrategy = { mergeKey: string } | { primitiveMerge: true };

/** Lists inside a PodSpec (relative to the PodSpec). */
const POD_SPEC_LISTS: Record<string, ListStrategy> = {
  containers: { mergeKey: "name" },
  initContainers: { mergeKey: "name" },
  ephemeralContainers: { mergeKey: "name" },
  volumes: { mergeKey: "name" },
  imagePullSecrets: { mergeKey: "name" },
  hostAliases: { mergeKey: "ip" },
  topologySpreadConstraints: { mergeKey: "topologyKey" },
  resourceClaims: { mergeKey: "name" },
  schedulingGates: { mergeKey: "name" },
};

/** Lists inside a Container (relative to the container). */
const CONTAINER_LISTS: Record<string, ListStrategy> = {
  env: { mergeKey: "name" },
  ports: { mergeKey: "containerPort" },
  volumeMounts: { mergeKey: "mountPath" },
  volumeDevices: { mergeKey: "devicePath" },
  resizePolicy: { mergeKey: "resourceName" },
};

const CONTAINER_LIST_NAMES = new Set(["containers", "initContainers", "ephemeralContainers"]);

/** Lists inside ObjectMeta. */
const METADATA_LISTS: Record<string, ListStrategy> = {
  ownerReferences: { mergeKey: "uid" },
  finalizers: { primitiveMerge: true },
};

/** Where the PodSpec sits in each kind that embeds one. */
const POD_SPEC_PATHS: Record<string, string> = {
  Pod: "spec",
  Deployment: "spec.template.spec",
  ReplicaSet: "spec.template.spec",
  StatefulSet: "spec.template.spec",
  DaemonSet: "spec.template.spec",
  Job: "spec.template.spec",
  PodTemplate: "template.spec",
};

/**
 * The strategy of the list at `path` (field names from the object root, array indices dropped)
 * in an object of `kind`; undefined means atomic (replace).
 */
export function listStrategy(kind: string, path: readonly string[]): ListStrategy | undefined {
  const last = path[path.length - 1];
  if (last === undefined) return undefined;
  const parentPath = path.slice(0, -1).join(".");

  if (parentPath === "metadata" || parentPath === "spec.template.metadata") return METADATA_LISTS[last];

  const podSpecPath = POD_SPEC_PATHS[kind];
  if (podSpecPath) {
    if (parentPath === podSpecPath) return POD_SPEC_LISTS[last];
    const grand = path[path.length - 2];
    if (grand !== undefined && CONTAINER_LIST_NAMES.has(grand) && path.slice(0, -2).join(".") === podSpecPath) {
      return CONTAINER_LISTS[last];
    }
  }

  if (parentPath === "status" && last === "conditions") return { mergeKey: "type" };
  if (kind === "Node" && parentPath === "status" && last === "addresses") return { mergeKey: "type" };
  if (kind === "Pod" && parentPath === "status" && (last === "podIPs" || last === "hostIPs")) return { mergeKey: "ip" };
  if (kind === "Service" && parentPath === "spec" && last === "ports") return { mergeKey: "port" };
  if (kind === "Node" && parentPath === "spec" && last === "podCIDRs") return { primitiveMerge: true };
  return undefined;
}
