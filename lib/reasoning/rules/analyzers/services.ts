/**
 * Services that cannot route: a selector matching no pods, no ready endpoints, or a targetPort
 * that no selected container exposes (callers see "connection refused").
 */
import { summarizeService } from "../../../cluster/reads/service-summary";
import type { Analyzer, Finding } from "./types";

const ANALYZER = "services";

/** Findings about Services with a selector (manual-endpoint Services are skipped). */
export const servicesAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "Services whose selector matches no pods, that have no ready endpoints, or whose targetPort no selected container exposes",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const service of snapshot.services) {
      const selector = service.spec?.selector ?? {};
      if (Object.keys(selector).length === 0 || service.spec?.type === "ExternalName") continue;
      const name = service.metadata?.name ?? "";
      const namespace = service.metadata?.namespace ?? "";
      const endpoints = snapshot.endpoints.find((e) => e.metadata?.name === name);
      const s = summarizeService(service, endpoints, snapshot.pods);
      const selectorText = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(",");
      const base = { analyzer: ANALYZER, object: { kind: "Service", namespace, name }, service: name };
      if (s.selectedPods.length === 0) {
        findings.push({
          ...base,
          id: `service-selector-no-pods:${namespace}/${name}`,
          severity: "critical",
          title: `Service ${name}: selector ${selectorText} matches no pods`,
          detail: "With no pods selected the Service has no endpoints; every call to it fails.",
          evidence: [`selector=${selectorText}`, `pods in namespace with matching labels: 0`, `ready endpoint addresses: ${s.readyAddresses.length}`],
          suggestedCategory: { systemLevel: "Virtualization", faultType: "Misconfiguration" },
        });
        continue;
      }
      for (const port of s.ports) {
        if (port.targetPortMatches !== false) continue;
        const exposed = [...new Set(snapshot.pods.filter((p) => s.selectedPods.includes(p.metadata?.name ?? "")).flatMap((p) => (p.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((cp) => `${cp.containerPort}${cp.name ? `(${cp.name})` : ""}`))))];
        findings.push({
          ...base,
          id: `service-target-port:${namespace}/${name}/${port.port}`,
          severity: "critical",
          title: `Service ${name}: targetPort ${port.targetPort} is not exposed by any selected pod`,
          detail: `Port ${port.port} forwards to ${port.targetPort}, but the selected containers expose ${exposed.join(", ") || "no ports"}; connections are refused.`,
          evidence: [`service port ${port.port} -> targetPort ${port.targetPort}`, `containerPorts of selected pods: ${exposed.join(", ") || "none"}`],
          suggestedCategory: { systemLevel: "Virtualization", faultType: "Misconfiguration" },
        });
      }
      if (s.readyAddresses.length === 0) {
        findings.push({
          ...base,
          id: `service-no-endpoints:${namespace}/${name}`,
          severity: "critical",
          title: `Service ${name} has no ready endpoints`,
          detail: `${s.selectedPods.length} pod(s) are selected but none is ready (${s.notReadyAddresses.length} not-ready address(es)).`,
          evidence: [`selector=${selectorText}`, `selected pods: ${s.selectedPods.join(", ")}`, `ready addresses: 0, not-ready addresses: ${s.notReadyAddresses.length}`],
          suggestedCategory: { systemLevel: "Application", faultType: "Dependency Problem" },
        });
      }
    }
    return findings;
  },
};
