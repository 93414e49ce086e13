/**
 * The objects a fresh cluster has before anyone applies anything: the four system namespaces,
 * the `kubernetes` Service with its Endpoints, and the worker Nodes with their Leases. Controllers only read the
 * Nodes (the kubelet model may update their status).
 */
import type { SimClock } from "../clock";
import { RESOURCE_KEYS } from "../resources";
import type { SeededRandom } from "../rng";
import type { K8sObject, ObjectStore } from "../types";
import { KUBERNETES_SERVICE_IP } from "./service-ip-allocator";
import { generateUid } from "./uid";

/** Kubelet version the simulated nodes report (matches `/version`). */
export const SIM_KUBERNETES_VERSION = "v1.32.4";

export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

export interface NodeShape {
  name: string;
  zone: string;
  /** Allocatable CPU in cores, e.g. "4". */
  cpu: string;
  /** Allocatable memory, e.g. "16Gi". */
  memory: string;
  internalIp: string;
}

/** Three 4-CPU / 16Gi workers spread over three zones. */
export const DEFAULT_NODES: readonly NodeShape[] = [
  { name: "sim-node-1", zone: "sim-zone-a", cpu: "4", memory: "16Gi", internalIp: "10.0.0.11" },
  { name: "sim-node-2", zone: "sim-zone-b", cpu: "4", memory: "16Gi", internalIp: "10.0.0.12" },
  { name: "sim-node-3", zone: "sim-zone-c", cpu: "4", memory: "16Gi", internalIp: "10.0.0.13" },
];

export interface BootstrapOptions {
  store: ObjectStore;
  clock: SimClock;
  /** For node machine and boot IDs. */
  rng: SeededRandom;
  nodes?: readonly NodeShape[];
}

function nodeObject(shape: NodeShape, index: number, now: string, rng: SeededRandom): Omit<K8sObject, "metadata"> & { metadata: Partial<K8sObject["metadata"]> } {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  const resources = { cpu: shape.cpu, memory: shape.memory, pods: "110", "ephemeral-storage": "100Gi" };
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: shape.name,
      labels: {
        "kubernetes.io/hostname": shape.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "beta.kubernetes.io/arch": "amd64",
        "topology.kubernetes.io/zone": shape.zone,
        "topology.kubernetes.io/region": "sim-region-1",
        "node.kubernetes.io/instance-type": "sim.xlarge",
      },
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`], providerID: `sim://${shape.name}` },
    status: {
      capacity: { ...resources },
      allocatable: { ...resources },
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: shape.internalIp },
        { type: "Hostname", address: shape.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: generateUid(rng).replace(/-/g, ""),
        systemUUID: generateUid(rng),
        bootID: generateUid(rng),
        kernelVersion: "6.1.0-sim-amd64",
        osImage: "Debian GNU/Linux 12 (bookworm)",
        containerRuntimeVersion: "containerd://1.7.24",
        kubeletVersion: SIM_KUBERNETES_VERSION,
        kubeProxyVersion: SIM_KUBERNETES_VERSION,
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}

/** metav1.MicroTime text (microsecond precision), as Lease times are written. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "000Z");
}

/** Creates the system namespaces, the `kubernetes` Service and the Nodes in an empty store. */
export function bootstrapCluster(options: BootstrapOptions): void {
  const { store, clock, rng } = options;
  for (const name of SYSTEM_NAMESPACES) {
    store.create(RESOURCE_KEYS.namespaces, { apiVersion: "v1", kind: "Namespace", metadata: { name } });
  }
  store.create(RESOURCE_KEYS.services, {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
    spec: { clusterIP: KUBERNETES_SERVICE_IP, ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] },
  });
  store.create(RESOURCE_KEYS.endpoints, {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
    subsets: [{ addresses: [{ ip: "10.0.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
  });
  const now = clock.nowRfc3339();
  (options.nodes ?? DEFAULT_NODES).forEach((shape, index) => {
    const node = store.create(RESOURCE_KEYS.nodes, nodeObject(shape, index, now, rng));
    // The kubelet's heartbeat object (kubectl describe node shows it); the kubelet model may renew it.
    store.create(RESOURCE_KEYS.leases, {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: {
        name: shape.name,
        namespace: "kube-node-lease",
        ownerReferences: [{ apiVersion: "v1", kind: "Node", name: shape.name, uid: node.metadata.uid }],
      },
      spec: { holderIdentity: shape.name, leaseDurationSeconds: 40, renewTime: microTime(clock.nowMs()) },
    });
  });
}
