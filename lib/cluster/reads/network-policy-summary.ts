/**
 * NetworkPolicies in words ("ingress to app=cart: allowed only from pods app=checkout on TCP
 * 8080"), since a model reasons about sentences better than about nested selectors. Pure.
 */
import type { V1NetworkPolicy, V1NetworkPolicyPeer, V1NetworkPolicyPort } from "@kubernetes/client-node";
import { formatLabelSelector } from "../label-selector";

export interface NetworkPolicySummary {
  name: string;
  namespace: string;
  /** `app=cart`, or "all pods" for an empty selector. */
  podSelector: string;
  policyTypes: string[];
  /** One sentence per direction. */
  ingress?: string;
  egress?: string;
}

function peerWords(peer: V1NetworkPolicyPeer): string {
  const parts: string[] = [];
  if (peer.ipBlock) parts.push(`IPs ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(", ")}` : ""}`);
  if (peer.namespaceSelector) {
    const ns = formatLabelSelector(peer.namespaceSelector);
    parts.push(ns ? `namespaces ${ns}` : "all namespaces");
  }
  if (peer.podSelector) {
    const pods = formatLabelSelector(peer.podSelector);
    parts.push(pods ? `pods ${pods}` : peer.namespaceSelector ? "any pod" : "all pods in the namespace");
  }
  return parts.join(" / ") || "anywhere";
}

function portWords(ports: V1NetworkPolicyPort[] | undefined): string {
  if (!ports?.length) return "";
  return ` on ${ports.map((p) => `${p.protocol ?? "TCP"} ${p.port ?? "any port"}${p.endPort ? `-${p.endPort}` : ""}`).join(", ")}`;
}

type Rule = { peers?: V1NetworkPolicyPeer[]; ports?: V1NetworkPolicyPort[] };

function directionWords(direction: "ingress" | "egress", rules: Rule[] | undefined): string {
  const fromTo = direction === "ingress" ? "from" : "to";
  if (!rules || rules.length === 0) return `all ${direction} denied (no rule allows any traffic)`;
  const sentences = rules.map((rule) => {
    if (!rule.peers || rule.peers.length === 0) return `allowed ${fromTo} anywhere${portWords(rule.ports)}`;
    return `allowed ${fromTo} ${rule.peers.map(peerWords).join(" or ")}${portWords(rule.ports)}`;
  });
  return `${sentences.join("; ")}; everything else denied`;
}

/** Which directions a policy restricts: policyTypes, or as the API server defaults them. */
export function policyTypesOf(policy: V1NetworkPolicy): string[] {
  if (policy.spec?.policyTypes?.length) return policy.spec.policyTypes;
  return policy.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"];
}

/** Summarises one policy. */
export function summarizeNetworkPolicy(policy: V1NetworkPolicy): NetworkPolicySummary {
  const types = policyTypesOf(policy);
  const selector = formatLabelSelector(policy.spec?.podSelector);
  return {
    name: policy.metadata?.name ?? "",
    namespace: policy.metadata?.namespace ?? "",
    podSelector: selector || "all pods",
    policyTypes: types,
    ...(types.includes("Ingress") ? { ingress: directionWords("ingress", policy.spec?.ingress?.map((r) => ({ peers: r._from, ports: r.ports }))) } : {}),
    ...(types.includes("Egress") ? { egress: directionWords("egress", policy.spec?.egress?.map((r) => ({ peers: r.to, ports: r.ports }))) } : {}),
  };
}
