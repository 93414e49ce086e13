/**
 * Server-side table columns per kind, as the real API server's printers
 * (`pkg/printers/internalversion/printers.go`) produce them for `kubectl get`: pods show
 * NAME READY STATUS RESTARTS AGE, deployments NAME READY UP-TO-DATE AVAILABLE AGE, and so on.
 * Priority-1 columns appear with `-o wide`.
 */
import { isJsonObject, type JsonObject } from "../../store/json-value";
import { formatLabelSelector, labelSelectorFromSpec, type LabelSelectorSpec } from "../../selectors";
import type { K8sObject } from "../../types";
import { ageSince } from "./human-duration";

export interface ColumnDefinition {
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: ColumnDefinition[];
  cells(object: K8sObject, nowMs: number): unknown[];
}

function column(name: string, type: ColumnDefinition["type"], description: string, priority = 0, format = ""): ColumnDefinition {
  return { name, type, format, description, priority };
}

const NAME = column("Name", "string", "Name must be unique within a namespace.", 0, "name");
const AGE = column("Age", "string", "CreationTimestamp is a timestamp representing the server time when this object was created.");

function o(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function age(object: K8sObject, nowMs: number): string {
  return ageSince(object.metadata.creationTimestamp, nowMs);
}

function podStatusCells(pod: K8sObject, nowMs: number): { ready: string; reason: string; restarts: string } {
  const spec = o(pod.spec);
  const status = o(pod.status);
  const total = list(spec.containers).length;
  let readyCount = 0;
  let restarts = 0;
  let lastRestartMs = 0;
  let reason = (status.reason as string) || (status.phase as string) || "Pending";
  const noteRestart = (containerStatus: JsonObject) => {
    restarts += num(containerStatus.restartCount);
    const finished = o(o(containerStatus.lastState).terminated).finishedAt;
    if (typeof finished === "string") lastRestartMs = Math.max(lastRestartMs, Date.parse(finished) || 0);
  };

  let initializing = false;
  const initStatuses = list(status.initContainerStatuses);
  const initCount = list(spec.initContainers).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] as JsonObject;
    noteRestart(cs);
    const state = o(cs.state);
    const terminated = isJsonObject(state.terminated) ? state.terminated : undefined;
    const waiting = isJsonObject(state.waiting) ? state.waiting : undefined;
    if (terminated && terminated.exitCode === 0) continue;
    if (cs.restartPolicy === "Always" && cs.started === true) continue;
    if (terminated) {
      reason = terminated.reason ? `Init:${terminated.reason}` : terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting && waiting.reason && waiting.reason !== "PodInitializing") {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initCount}`;
    }
    initializing = true;
    break;
  }

  if (!initializing) {
    restarts = 0;
    lastRestartMs = 0;
    let hasRunning = false;
    const statuses = list(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as JsonObject;
      noteRestart(cs);
      const state = o(cs.state);
      const waiting = isJsonObject(state.waiting) ? state.waiting : undefined;
      const terminated = isJsonObject(state.terminated) ? state.terminated : undefined;
      if (waiting && waiting.reason) reason = waiting.reason as string;
      else if (terminated && terminated.reason) reason = terminated.reason as string;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (cs.ready === true && isJsonObject(state.running)) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === "Completed" && hasRunning) {
      const readyCondition = list(status.conditions).find((c) => c.type === "Ready");
      reason = readyCondition?.status === "True" ? "Running" : "NotReady";
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === "NodeLost" ? "Unknown" : "Terminating";
  let restartText = String(restarts);
  if (lastRestartMs > 0) restartText = `${restarts} (${ageSince(new Date(lastRestartMs).toISOString(), nowMs)} ago)`;
  return { ready: `${readyCount}/${total}`, reason, restarts: restartText };
}

function readinessGates(pod: K8sObject): string {
  const gates = list(o(pod.spec).readinessGates);
  if (gates.length === 0) return "<none>";
  const conditions = list(o(pod.status).conditions);
  const met = gates.filter((g) => conditions.some((c) => c.type === g.conditionType && c.status === "True")).length;
  return `${met}/${gates.length}`;
}

function containersAndImages(template: JsonObject): [string, string] {
  const containers = list(o(template.spec).containers);
  return [containers.map((c) => c.name).join(","), containers.map((c) => c.image).join(",")];
}

function selectorText(selector: unknown): string {
  const text = formatLabelSelector(labelSelectorFromSpec(selector as LabelSelectorSpec | undefined));
  return text || "<none>";
}

function mapSelectorText(selector: unknown): string {
  if (!isJsonObject(selector) || Object.keys(selector).length === 0) return "<none>";
  return Object.keys(selector)
    .sort()
    .map((k) => `${k}=${selector[k]}`)
    .join(",");
}

function servicePorts(spec: JsonObject): string {
  const ports = list(spec.ports);
  if (ports.length === 0) return "<none>";
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? "TCP"}` : `${p.port}/${p.protocol ?? "TCP"}`)).join(",");
}

function externalIp(service: K8sObject): string {
  const spec = o(service.spec);
  const external = Array.isArray(spec.externalIPs) ? (spec.externalIPs as string[]) : [];
  switch (spec.type) {
    case "ExternalName":
      return (spec.externalName as string) ?? "<none>";
    case "LoadBalancer": {
      const ingress = list(o(o(service.status).loadBalancer).ingress).map((i) => (i.ip ?? i.hostname) as string);
      const all = [...ingress, ...external];
      return all.length ? all.join(",") : "<pending>";
    }
    default:
      return external.length ? external.join(",") : "<none>";
  }
}

function nodeStatus(node: K8sObject): string {
  const conditions = list(o(node.status).conditions);
  const ready = conditions.find((c) => c.type === "Ready");
  const parts = [ready ? (ready.status === "True" ? "Ready" : ready.status === "False" ? "NotReady" : "Unknown") : "Unknown"];
  if (o(node.spec).unschedulable === true) parts.push("SchedulingDisabled");
  return parts.join(",");
}

function nodeRoles(node: K8sObject): string {
  const roles = Object.keys(node.metadata.labels ?? {})
    .filter((k) => k.startsWith("node-role.kubernetes.io/"))
    .map((k) => k.slice("node-role.kubernetes.io/".length))
    .filter(Boolean);
  return roles.length ? roles.sort().join(",") : "<none>";
}

function nodeAddress(node: K8sObject, type: string): string {
  return (list(o(node.status).addresses).find((a) => a.type === type)?.address as string) ?? "<none>";
}

function endpointsText(endpoints: K8sObject): string {
  const out: string[] = [];
  let total = 0;
  for (const subset of list(endpoints.subsets)) {
    const addresses = list(subset.addresses);
    const ports = list(subset.ports);
    for (const address of addresses) {
      for (const port of ports.length ? ports : [{}]) {
        total++;
        if (out.length < 3) out.push(port.port !== undefined ? `${address.ip}:${port.port}` : String(address.ip));
      }
    }
  }
  if (total === 0) return "<none>";
  return total > 3 ? `${out.join(",")} + ${total - 3} more...` : out.join(",");
}

function quotaText(quota: K8sObject, limits: boolean): string {
  const hard = o(o(quota.status).hard ?? o(quota.spec).hard);
  const used = o(o(quota.status).used);
  const names = Object.keys(hard)
    .filter((k) => k.startsWith("limits.") === limits)
    .sort();
  return names.map((k) => `${k}: ${used[k] ?? "0"}/${hard[k]}`).join(", ");
}

function hpaTargets(hpa: K8sObject): string {
  const metrics = list(o(hpa.spec).metrics);
  const current = list(o(hpa.status).currentMetrics);
  if (metrics.length === 0) return "<none>";
  return metrics
    .map((metric, i) => {
      const resource = o(metric.resource);
      const target = o(resource.target);
      const now = o(o(current[i]).resource).current;
      const want = target.averageUtilization !== undefined ? `${target.averageUtilization}%` : String(target.averageValue ?? target.value ?? "<unknown>");
      const have = isJsonObject(now) && now.averageUtilization !== undefined ? `${now.averageUtilization}%` : "<unknown>";
      return `${resource.name ?? metric.type}: ${have}/${want}`;
    })
    .join(", ");
}

function involvedObjectText(event: K8sObject): string {
  const ref = o(event.involvedObject);
  return `${String(ref.kind ?? "").toLowerCase()}/${ref.name ?? ""}`;
}

function eventLastSeen(event: K8sObject, nowMs: number): string {
  const when = event.lastTimestamp ?? o(event.series).lastObservedTime ?? event.eventTime ?? event.metadata.creationTimestamp;
  return ageSince(when, nowMs);
}

const PRINTERS: Record<string, Printer> = {
  pods: {
    columns: [
      NAME,
      column("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
      column("Status", "string", "The aggregate status of the containers in this pod."),
      column("Restarts", "string", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
      AGE,
      column("IP", "string", "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
      column("Node", "string", "NodeName is a request to schedule this pod onto a specific node.", 1),
      column("Nominated Node", "string", "nominatedNodeName is set when this pod preempts other pods on the node.", 1),
      column("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ],
    cells(pod, nowMs) {
      const { ready, reason, restarts } = podStatusCells(pod, nowMs);
      const status = o(pod.status);
      return [
        pod.metadata.name,
        ready,
        reason,
        restarts,
        age(pod, nowMs),
        (status.podIP as string) || "<none>",
        (o(pod.spec).nodeName as string) || "<none>",
        (status.nominatedNodeName as string) || "<none>",
        readinessGates(pod),
      ];
    },
  },
  "deployments.apps": {
    columns: [
      NAME,
      column("Ready", "string", "Number of the pod with ready state"),
      column("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
      column("Available", "string", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
      AGE,
      column("Containers", "string", "Names of each container in the template.", 1),
      column("Images", "string", "Images referenced by each container in the template.", 1),
      column("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1),
    ],
    cells(d, nowMs) {
      const spec = o(d.spec);
      const status = o(d.status);
      const [containers, images] = containersAndImages(o(spec.template));
      return [d.metadata.name, `${num(status.readyReplicas)}/${num(spec.replicas)}`, num(status.updatedReplicas), num(status.availableReplicas), age(d, nowMs), containers, images, selectorText(spec.selector)];
    },
  },
  "replicasets.apps": {
    columns: [
      NAME,
      column("Desired", "integer", "Replicas is the number of desired replicas."),
      column("Current", "integer", "Replicas is the most recently observed number of replicas."),
      column("Ready", "integer", "The number of ready replicas for this replica set."),
      AGE,
      column("Containers", "string", "Names of each container in the template.", 1),
      column("Images", "string", "Images referenced by each container in the template.", 1),
      column("Selector", "string", "Selector is a label query over pods that should match the replica count.", 1),
    ],
    cells(rs, nowMs) {
      const spec = o(rs.spec);
      const status = o(rs.status);
      const [containers, images] = containersAndImages(o(spec.template));
      return [rs.metadata.name, num(spec.replicas), num(status.replicas), num(status.readyReplicas), age(rs, nowMs), containers, images, selectorText(spec.selector)];
    },
  },
  services: {
    columns: [
      NAME,
      column("Type", "string", "type determines how the Service is exposed."),
      column("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
      column("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
      column("Port(s)", "string", "The list of ports that are exposed by this service."),
      AGE,
      column("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ],
    cells(svc, nowMs) {
      const spec = o(svc.spec);
      return [svc.metadata.name, spec.type ?? "ClusterIP", (spec.clusterIP as string) || "<none>", externalIp(svc), servicePorts(spec), age(svc, nowMs), mapSelectorText(spec.selector)];
    },
  },
  nodes: {
    columns: [
      NAME,
      column("Status", "string", "The status of the node"),
      column("Roles", "string", "The roles of the node"),
      AGE,
      column("Version", "string", "Kubelet Version reported by the node."),
      column("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
      column("External-IP", "string", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
      column("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
      column("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
      column("Container-Runtime", "string", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ],
    cells(node, nowMs) {
      const info = o(o(node.status).nodeInfo);
      return [node.metadata.name, nodeStatus(node), nodeRoles(node), age(node, nowMs), info.kubeletVersion ?? "", nodeAddress(node, "InternalIP"), nodeAddress(node, "ExternalIP"), info.osImage ?? "<unknown>", info.kernelVersion ?? "<unknown>", info.containerRuntimeVersion ?? "<unknown>"];
    },
  },
  namespaces: {
    columns: [NAME, column("Status", "string", "The status of the namespace"), AGE],
    cells: (ns, nowMs) => [ns.metadata.name, o(ns.status).phase ?? "Active", age(ns, nowMs)],
  },
  endpoints: {
    columns: [NAME, column("Endpoints", "string", "Endpoints of the service"), AGE],
    cells: (ep, nowMs) => [ep.metadata.name, endpointsText(ep), age(ep, nowMs)],
  },
  configmaps: {
    columns: [NAME, column("Data", "integer", "Number of data items in the ConfigMap"), AGE],
    cells: (cm, nowMs) => [cm.metadata.name, Object.keys(o(cm.data)).length + Object.keys(o(cm.binaryData)).length, age(cm, nowMs)],
  },
  secrets: {
    columns: [NAME, column("Type", "string", "The type of the secret"), column("Data", "integer", "Number of data items in the secret"), AGE],
    cells: (s, nowMs) => [s.metadata.name, s.type ?? "Opaque", Object.keys(o(s.data)).length, age(s, nowMs)],
  },
  serviceaccounts: {
    columns: [NAME, column("Secrets", "integer", "Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount"), AGE],
    cells: (sa, nowMs) => [sa.metadata.name, Array.isArray(sa.secrets) ? sa.secrets.length : 0, age(sa, nowMs)],
  },
  resourcequotas: {
    columns: [NAME, AGE, column("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."), column("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.")],
    cells: (q, nowMs) => [q.metadata.name, age(q, nowMs), quotaText(q, false), quotaText(q, true)],
  },
  events: {
    columns: [
      column("Last Seen", "string", "Time when last this event was observed."),
      column("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future."),
      column("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
      column("Object", "string", "The object that this event is about."),
      column("Message", "string", "A human-readable description of the status of this operation."),
      column("Subobject", "string", "The subobject this event is about (e.g. the container of a pod).", 1),
      column("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1),
      column("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
      column("Count", "string", "The number of times this event has occurred.", 1),
      column("Name", "string", "Name must be unique within a namespace.", 1, "name"),
    ],
    cells(ev, nowMs) {
      const source = o(ev.source);
      const sourceText = source.host ? `${source.component ?? ""}, ${source.host}` : ((source.component as string) ?? ev.reportingComponent ?? "");
      return [
        eventLastSeen(ev, nowMs),
        ev.type ?? "Normal",
        ev.reason ?? "",
        involvedObjectText(ev),
        String(ev.message ?? "").trim(),
        (o(ev.involvedObject).fieldPath as string) ?? "",
        sourceText,
        ageSince(ev.firstTimestamp ?? ev.eventTime ?? ev.metadata.creationTimestamp, nowMs),
        String(num(ev.count) || 1),
        ev.metadata.name,
      ];
    },
  },
  "leases.coordination.k8s.io": {
    columns: [NAME, column("Holder", "string", "HolderIdentity contains the identity of the holder of a current lease."), AGE],
    cells: (lease, nowMs) => [lease.metadata.name, (o(lease.spec).holderIdentity as string) ?? "", age(lease, nowMs)],
  },
  "networkpolicies.networking.k8s.io": {
    columns: [NAME, column("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."), AGE],
    cells: (np, nowMs) => [np.metadata.name, formatLabelSelector(labelSelectorFromSpec(o(np.spec).podSelector as LabelSelectorSpec)) || "<none>", age(np, nowMs)],
  },
  "horizontalpodautoscalers.autoscaling": {
    columns: [
      NAME,
      column("Reference", "string", "Reference to target resource"),
      column("Targets", "string", "Current and target metrics"),
      column("MinPods", "string", "Minimum number of replicas"),
      column("MaxPods", "integer", "Maximum number of replicas"),
      column("Replicas", "integer", "Current number of replicas"),
      AGE,
    ],
    cells(hpa, nowMs) {
      const spec = o(hpa.spec);
      const ref = o(spec.scaleTargetRef);
      return [hpa.metadata.name, `${ref.kind}/${ref.name}`, hpaTargets(hpa), String(spec.minReplicas ?? 1), num(spec.maxReplicas), num(o(hpa.status).currentReplicas), age(hpa, nowMs)];
    },
  },
};

/** NAME and AGE, what the real server prints for custom resources without printer columns. */
const DEFAULT_PRINTER: Printer = {
  columns: [NAME, AGE],
  cells: (object, nowMs) => [object.metadata.name, age(object, nowMs)],
};

/** The printer for a resource key (the default NAME/AGE one when the kind has none). */
export function printerFor(resource: string): Printer {
  return PRINTERS[resource] ?? DEFAULT_PRINTER;
}
