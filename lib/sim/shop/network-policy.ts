/**
 * Evaluation of networking.k8s.io/v1 NetworkPolicies as a CNI plugin enforces them: a pod
 * selected by a policy of a given type accepts (Ingress) or sends (Egress) only what one of the
 * selecting policies' rules allows; a pod selected by none is open. Denied packets are dropped,
 * so callers see timeouts, not refusals.
 */
import type { Container, Pod } from "../controllers/api-types";
import { labelSelectorFromSpec, matchesLabels, type LabelSelectorSpec } from "../selectors";
import type { K8sObject } from "../types";

/** One side of a connection. `pod` is undefined for clients outside the cluster (the load generator). */
export interface NetworkPeer {
  pod: Pod | undefined;
  namespace: string | undefined;
  ip: string;
}

interface PolicyPeer {
  podSelector?: LabelSelectorSpec;
  namespaceSelector?: LabelSelectorSpec;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: PolicyPort[];
}

interface NetworkPolicySpec {
  podSelector?: LabelSelectorSpec;
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
}

function ipToNumber(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    const n = Number(part);
    if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

/** Whether an IPv4 address is inside a CIDR block. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split("/");
  const address = ipToNumber(ip);
  const network = ipToNumber(base ?? "");
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (address === undefined || network === undefined || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(network / size);
}

function policyTypes(spec: NetworkPolicySpec): { ingress: boolean; egress: boolean } {
  if (spec.policyTypes && spec.policyTypes.length > 0) {
    return { ingress: spec.policyTypes.includes("Ingress"), egress: spec.policyTypes.includes("Egress") };
  }
  // The API server's default: Ingress always, Egress when egress rules are present.
  return { ingress: true, egress: (spec.egress?.length ?? 0) > 0 };
}

function peerMatches(peer: PolicyPeer, other: NetworkPeer, policyNamespace: string, namespaceLabels: ReadonlyMap<string, Record<string, string>>): boolean {
  if (peer.ipBlock) {
    if (!cidrContains(peer.ipBlock.cidr, other.ip)) return false;
    return !(peer.ipBlock.except ?? []).some((cidr) => cidrContains(cidr, other.ip));
  }
  // Pod and namespace selectors only ever match pods inside the cluster.
  if (!other.pod || other.namespace === undefined) return false;
  if (peer.namespaceSelector) {
    if (!matchesLabels(labelSelectorFromSpec(peer.namespaceSelector), namespaceLabels.get(other.namespace) ?? {})) return false;
  } else if (other.namespace !== policyNamespace) {
    return false;
  }
  if (peer.podSelector) return matchesLabels(labelSelectorFromSpec(peer.podSelector), other.pod.metadata.labels ?? {});
  return true;
}

function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: string, containers: readonly Container[]): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((rule) => {
    if ((rule.protocol ?? "TCP") !== protocol) return false;
    if (rule.port === undefined) return true;
    if (typeof rule.port === "number" || /^\d+$/.test(rule.port)) {
      const start = Number(rule.port);
      return rule.endPort !== undefined ? port >= start && port <= rule.endPort : port === start;
    }
    // A named port matches the destination container port of that name.
    return containers.some((c) => c.ports?.some((p) => p.name === rule.port && p.containerPort === port));
  });
}

function selects(policy: K8sObject, pod: Pod | undefined, namespace: string | undefined): boolean {
  if (!pod || policy.metadata.namespace !== namespace) return false;
  const spec = (policy.spec ?? {}) as NetworkPolicySpec;
  return matchesLabels(labelSelectorFromSpec(spec.podSelector ?? {}), pod.metadata.labels ?? {});
}

/** Options of `isConnectionAllowed`. */
export interface ConnectionQuery {
  policies: readonly K8sObject[];
  namespaceLabels: ReadonlyMap<string, Record<string, string>>;
  source: NetworkPeer;
  destination: NetworkPeer;
  /** Destination (container) port after Service translation. */
  port: number;
  protocol?: string;
}

/** Which policy decision stopped a connection, for log lines and tests. */
export type ConnectionVerdict = { allowed: true } | { allowed: false; direction: "ingress" | "egress"; policies: string[] };

/** Whether the policies let `source` open a connection to `destination:port`. */
export function isConnectionAllowed(query: ConnectionQuery): ConnectionVerdict {
  const protocol = query.protocol ?? "TCP";
  const { source, destination } = query;
  const ingress = query.policies.filter((p) => policyTypes((p.spec ?? {}) as NetworkPolicySpec).ingress && selects(p, destination.pod, destination.namespace));
  if (ingress.length > 0) {
    const containers = destination.pod?.spec.containers ?? [];
    const allowed = ingress.some((policy) =>
      (((policy.spec ?? {}) as NetworkPolicySpec).ingress ?? []).some(
        (rule) => (!rule.from || rule.from.length === 0 || rule.from.some((peer) => peerMatches(peer, source, policy.metadata.namespace ?? "", query.namespaceLabels))) && portMatches(rule.ports, query.port, protocol, containers),
      ),
    );
    if (!allowed) return { allowed: false, direction: "ingress", policies: ingress.map((p) => p.metadata.name) };
  }
  const egress = query.policies.filter((p) => policyTypes((p.spec ?? {}) as NetworkPolicySpec).egress && selects(p, source.pod, source.namespace));
  if (egress.length > 0) {
    const containers = destination.pod?.spec.containers ?? [];
    const allowed = egress.some((policy) =>
      (((policy.spec ?? {}) as NetworkPolicySpec).egress ?? []).some(
        (rule) => (!rule.to || rule.to.length === 0 || rule.to.some((peer) => peerMatches(peer, destination, policy.metadata.namespace ?? "", query.namespaceLabels))) && portMatches(rule.ports, query.port, protocol, containers),
      ),
    );
    if (!allowed) return { allowed: false, direction: "egress", policies: egress.map((p) => p.metadata.name) };
  }
  return { allowed: true };
}
