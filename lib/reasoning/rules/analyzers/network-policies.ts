/**
 * NetworkPolicies that cut an app off from its callers (best effort). Callers are not known from
 * the objects alone, so "callers" means the other apps' pods in the namespace: a policy that
 * selects pods behind a Service and allows ingress from none of them is reported.
 */
import type { V1NetworkPolicy, V1NetworkPolicyPeer, V1Pod } from "@kubernetes/client-node";
import { matchesLabelSelector } from "../../../cluster/label-selector";
import { podsSelectedBy } from "../../../cluster/reads/service-summary";
import { policyTypesOf, summarizeNetworkPolicy } from "../../../cluster/reads/network-policy-summary";
import { appNameOf } from "../../../cluster/reads/service-of";
import type { Analyzer, Finding } from "./types";

const ANALYZER = "network-policies";

/** True when a peer admits this same-namespace pod (namespaceSelector-only peers are treated as admitting it: best effort). */
function peerAdmits(peer: V1NetworkPolicyPeer, pod: V1Pod): boolean {
  if (peer.ipBlock) return false;
  if (peer.podSelector) return matchesLabelSelector(peer.podSelector, pod.metadata?.labels);
  return peer.namespaceSelector !== undefined;
}

/** Same-namespace pods of other apps that no ingress rule of the policy admits. */
export function deniedCallers(policy: V1NetworkPolicy, pods: readonly V1Pod[], selectedApps: Set<string>): V1Pod[] {
  const rules = policy.spec?.ingress ?? [];
  if (rules.some((r) => !r._from || r._from.length === 0)) return [];
  return pods.filter((pod) => {
    const app = appNameOf(pod.metadata?.labels);
    if (!app || selectedApps.has(app)) return false;
    return !rules.some((r) => (r._from ?? []).some((peer) => peerAdmits(peer, pod)));
  });
}

/** One finding per policy that denies ingress to Service-backed pods from the other apps. */
export const networkPoliciesAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "NetworkPolicies that deny ingress to pods behind a Service from the namespace's other apps",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const policy of snapshot.networkPolicies) {
      if (!policyTypesOf(policy).includes("Ingress")) continue;
      const selected = snapshot.pods.filter((p) => matchesLabelSelector(policy.spec?.podSelector ?? {}, p.metadata?.labels));
      if (selected.length === 0) continue;
      const selectedNames = new Set(selected.map((p) => p.metadata?.name));
      const services = snapshot.services.filter((s) => podsSelectedBy(s, snapshot.pods).some((p) => selectedNames.has(p.metadata?.name)));
      if (services.length === 0) continue;
      const selectedApps = new Set(selected.map((p) => appNameOf(p.metadata?.labels)).filter((a): a is string => a !== undefined));
      const denied = deniedCallers(policy, snapshot.pods, selectedApps);
      const deniedApps = [...new Set(denied.map((p) => appNameOf(p.metadata?.labels) ?? ""))].sort();
      const denyAll = (policy.spec?.ingress ?? []).length === 0;
      if (!denyAll && deniedApps.length === 0) continue;
      const summary = summarizeNetworkPolicy(policy);
      const name = policy.metadata?.name ?? "";
      const namespace = policy.metadata?.namespace ?? "";
      const serviceNames = services.map((s) => s.metadata?.name ?? "");
      findings.push({
        id: `network-policy-deny:${namespace}/${name}`,
        analyzer: ANALYZER,
        severity: denyAll ? "critical" : "warning",
        object: { kind: "NetworkPolicy", namespace, name },
        ...(serviceNames[0] ? { service: serviceNames[0] } : {}),
        title: denyAll ? `NetworkPolicy ${name} denies all ingress to ${summary.podSelector} (Service ${serviceNames.join(", ")})` : `NetworkPolicy ${name} blocks ${deniedApps.join(", ")} from reaching ${summary.podSelector}`,
        detail: `Ingress: ${summary.ingress ?? ""}. Callers then see timeouts (dropped packets), not connection refused.`,
        evidence: [`podSelector=${summary.podSelector}`, `ingress: ${summary.ingress ?? ""}`, ...(deniedApps.length ? [`apps without an allowing rule: ${deniedApps.join(", ")}`] : [])],
        suggestedCategory: { systemLevel: "Virtualization", faultType: "Network/Storage Issue" },
      });
    }
    return findings;
  },
};
