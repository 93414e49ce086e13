/** Deployments that are short of available replicas, stuck (ProgressDeadlineExceeded) or scaled to zero. */
import { summarizeDeployment } from "../../../cluster/reads/deployment-summary";
import { matchesServiceSelector } from "../../../cluster/label-selector";
import type { Analyzer, Finding } from "./types";

const ANALYZER = "deployments";

/** One finding per unhealthy Deployment (the most severe condition wins). */
export const deploymentsAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "Deployments with unavailable replicas, ProgressDeadlineExceeded, or scaled to zero",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const deployment of snapshot.deployments) {
      const d = summarizeDeployment(deployment);
      const base = { analyzer: ANALYZER, object: { kind: "Deployment", namespace: d.namespace, name: d.name }, service: d.name };
      const templateLabels = deployment.spec?.template.metadata?.labels;
      if (d.desired === 0) {
        const fronting = snapshot.services.filter((s) => matchesServiceSelector(s.spec?.selector, templateLabels)).map((s) => s.metadata?.name ?? "");
        findings.push({
          ...base,
          id: `deployment-scaled-to-zero:${d.namespace}/${d.name}`,
          severity: fronting.length ? "critical" : "info",
          title: `Deployment ${d.name} is scaled to zero replicas`,
          detail: fronting.length ? `Service(s) ${fronting.join(", ")} select its pods and now have no backends.` : "No Service selects its pods.",
          evidence: ["spec.replicas=0", ...(fronting.length ? [`services selecting its pods: ${fronting.join(", ")}`] : [])],
          suggestedCategory: { systemLevel: "Virtualization", faultType: "Operation Error" },
        });
        continue;
      }
      const progressing = d.conditions.find((c) => c.type === "Progressing");
      const conditionEvidence = d.conditions.filter((c) => c.status !== "True" || c.reason === "ProgressDeadlineExceeded").map((c) => `condition ${c.type}=${c.status} reason=${c.reason ?? ""}: ${c.message ?? ""}`);
      if (progressing?.reason === "ProgressDeadlineExceeded") {
        findings.push({
          ...base,
          id: `deployment-progress-deadline:${d.namespace}/${d.name}`,
          severity: "critical",
          title: `Deployment ${d.name}: rollout stuck (ProgressDeadlineExceeded)`,
          detail: `${d.updated}/${d.desired} replicas updated, ${d.available} available. ${progressing.message ?? ""}`,
          evidence: [...conditionEvidence, `replicas desired=${d.desired} updated=${d.updated} ready=${d.ready} available=${d.available}`],
          suggestedCategory: { systemLevel: "Application", faultType: "Operation Error" },
        });
        continue;
      }
      if (d.available < d.desired) {
        findings.push({
          ...base,
          id: `deployment-unavailable:${d.namespace}/${d.name}`,
          severity: d.available === 0 ? "critical" : "warning",
          title: `Deployment ${d.name}: ${d.available}/${d.desired} replicas available`,
          detail: `${d.desired - d.available} replica(s) unavailable; ${d.updated} updated, ${d.ready} ready.`,
          evidence: [`replicas desired=${d.desired} updated=${d.updated} ready=${d.ready} available=${d.available}`, ...conditionEvidence],
        });
      }
    }
    return findings;
  },
};
