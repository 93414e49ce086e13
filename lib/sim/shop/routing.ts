/**
 * How a call from one client to `host:port` travels through the cluster, read from live objects:
 * DNS (does the Service exist?), the Service port, its Endpoints' ready addresses (kube-proxy's
 * view), then per endpoint the NetworkPolicies, NetworkChaos and whether the pod's process
 * listens on the target port (the kubelet model). The errors are the ones a Go or Node client
 * prints for each case.
 */
import type { Pod, Service } from "../controllers/api-types";
import type { ClusterView } from "./cluster-view";
import type { NetworkChaosModel } from "./network-chaos";
import { isConnectionAllowed, type NetworkPeer } from "./network-policy";

/** Address of the cluster DNS Service, as pods' resolv.conf names it. */
export const CLUSTER_DNS = "10.96.0.10:53";

/** Ways a call fails before any application answers. */
export type TransportFailure = "dns_error" | "connection_refused" | "timeout";

/** Result of a TCP connect, as the kubelet model answers it. */
export type ConnectAnswer = "connected" | "refused" | "unreachable";

/** One ready endpoint behind a Service port. */
export interface RoutedEndpoint {
  ip: string;
  port: number;
  pod: Pod | undefined;
}

/** Where a `host:port` address leads. */
export type AddressResolution =
  | { kind: "failed"; failure: TransportFailure; message: string }
  | { kind: "routed"; service: Service; clusterIP: string; port: number; endpoints: RoutedEndpoint[] };

/** Parse `host:port` (port defaults to 80, as HTTP clients do). */
export function parseAddress(address: string): { host: string; port: number } {
  const trimmed = address.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
  const colon = trimmed.lastIndexOf(":");
  if (colon < 0) return { host: trimmed, port: 80 };
  const port = Number(trimmed.slice(colon + 1));
  return { host: trimmed.slice(0, colon), port: Number.isInteger(port) ? port : 80 };
}

/** The Service a DNS name resolves to from a pod in `namespace` (search path `<ns>.svc.cluster.local`). */
function serviceNameFor(host: string, namespace: string): string | undefined {
  const parts = host.split(".");
  if (parts.length === 1) return parts[0];
  if (parts[1] !== namespace) return undefined;
  const suffix = parts.slice(2).join(".");
  return suffix === "" || suffix === "svc" || suffix === "svc.cluster.local" ? parts[0] : undefined;
}

/** Resolve an address as a client pod in the view's namespace would. */
export function resolveAddress(view: ClusterView, address: string): AddressResolution {
  const { host, port } = parseAddress(address);
  const name = serviceNameFor(host, view.namespace);
  const service = name ? view.services.get(name) : undefined;
  if (!service || service.metadata.deletionTimestamp) {
    return { kind: "failed", failure: "dns_error", message: `dial tcp: lookup ${host} on ${CLUSTER_DNS}: no such host` };
  }
  const clusterIP = service.spec.clusterIP ?? "";
  const servicePort = service.spec.ports?.find((p) => p.port === port);
  if (!servicePort) {
    // No kube-proxy rule for this port: the SYN goes nowhere.
    return { kind: "failed", failure: "timeout", message: `dial tcp ${clusterIP}:${port}: i/o timeout` };
  }
  const endpoints: RoutedEndpoint[] = [];
  const subsets = view.endpoints.get(service.metadata.name)?.subsets ?? [];
  for (const subset of subsets) {
    const match = subset.ports?.find((p) => (servicePort.name ? p.name === servicePort.name : true)) ?? (subset.ports?.length === 1 ? subset.ports[0] : undefined);
    if (!match) continue;
    for (const address of subset.addresses ?? []) {
      const pod = address.targetRef?.kind === "Pod" ? view.pods.get(address.targetRef.name) : view.podsByIp.get(address.ip);
      endpoints.push({ ip: address.ip, port: match.port, pod });
    }
  }
  if (endpoints.length === 0) {
    // kube-proxy REJECTs traffic to a Service without ready endpoints.
    return { kind: "failed", failure: "connection_refused", message: `dial tcp ${clusterIP}:${port}: connect: connection refused` };
  }
  return { kind: "routed", service, clusterIP, port, endpoints };
}

/** What happens to calls from one source to one endpoint. */
export interface EndpointOutcome {
  /** Share of calls that reach the process (0..1). */
  delivered: number;
  /** Share that fails, and how. */
  failed: number;
  failure?: TransportFailure;
  message?: string;
  /** Round-trip delay added to delivered calls, in seconds. */
  delaySeconds: number;
}

/** Inputs of `connectEndpoint`. */
export interface ConnectQuery {
  view: ClusterView;
  chaos: NetworkChaosModel;
  connect: (ip: string, port: number) => ConnectAnswer;
  source: NetworkPeer;
  endpoint: RoutedEndpoint;
  /** The address the client dialed (for messages): the Service's ClusterIP and port. */
  dialed: string;
  /** The client's deadline, in seconds. */
  timeoutSeconds: number;
}

/** Packet loss turns into failed calls roughly as loss^2 (TCP retransmits save most), and into retransmit delay. */
const RETRANSMIT_SECONDS = 0.3;

/** Follow calls from a source to one endpoint. */
export function connectEndpoint(query: ConnectQuery): EndpointOutcome {
  const { view, endpoint, source } = query;
  const destination: NetworkPeer = { pod: endpoint.pod, namespace: endpoint.pod?.metadata.namespace, ip: endpoint.ip };
  if (view.networkPolicies.length > 0) {
    const verdict = isConnectionAllowed({ policies: view.networkPolicies, namespaceLabels: view.namespaceLabels, source, destination, port: endpoint.port });
    if (!verdict.allowed) return { delivered: 0, failed: 1, failure: "timeout", message: `dial tcp ${query.dialed}: i/o timeout`, delaySeconds: 0 };
  }
  let delaySeconds = 0;
  let lossFailure = 0;
  if (!query.chaos.empty) {
    const sourceKey = source.pod ? `${source.pod.metadata.namespace}/${source.pod.metadata.name}` : undefined;
    const destinationKey = endpoint.pod ? `${endpoint.pod.metadata.namespace}/${endpoint.pod.metadata.name}` : undefined;
    const effect = query.chaos.effect(sourceKey, destinationKey);
    if (effect.partitioned) return { delivered: 0, failed: 1, failure: "timeout", message: `dial tcp ${query.dialed}: i/o timeout`, delaySeconds: 0 };
    delaySeconds = effect.delaySeconds + effect.loss * RETRANSMIT_SECONDS;
    lossFailure = Math.min(1, effect.loss * effect.loss);
    if (delaySeconds >= query.timeoutSeconds) return { delivered: 0, failed: 1, failure: "timeout", message: "context deadline exceeded", delaySeconds: 0 };
  }
  const answer = query.connect(endpoint.ip, endpoint.port);
  if (answer === "refused") return { delivered: 0, failed: 1, failure: "connection_refused", message: `dial tcp ${endpoint.ip}:${endpoint.port}: connect: connection refused`, delaySeconds: 0 };
  if (answer === "unreachable") return { delivered: 0, failed: 1, failure: "timeout", message: `dial tcp ${endpoint.ip}:${endpoint.port}: connect: no route to host`, delaySeconds: 0 };
  if (lossFailure > 0) return { delivered: 1 - lossFailure, failed: lossFailure, failure: "timeout", message: "context deadline exceeded (Client.Timeout exceeded while awaiting headers)", delaySeconds };
  return { delivered: 1, failed: 0, delaySeconds };
}
