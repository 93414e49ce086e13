/** ReplicaSets that cannot create pods (FailedCreate), above all because a ResourceQuota is exhausted. */
import type { Analyzer, Finding } from "./types";
import { eventEvidence, eventsAbout } from "./snapshot-queries";
import { appNameOf } from "../../../cluster/reads/service-of";

const ANALYZER = "replicaset-failed-create";

/** `exceeded quota: compute, requested: pods=1, used: pods=4, limited: pods=4` parsed. */
export function parseQuotaExceeded(message: string): { quota: string; requested: string; used: string; limited: string } | undefined {
  const m = /exceeded quota: ([^,]+), requested: (.+?), used: (.+?), limited: (.+)$/s.exec(message);
  if (!m) return undefined;
  return { quota: m[1] ?? "", requested: m[2] ?? "", used: m[3] ?? "", limited: (m[4] ?? "").trim() };
}

/** One finding per ReplicaSet whose latest create failed and that is still short of replicas. */
export const replicaSetFailedCreateAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "ReplicaSets failing to create pods (FailedCreate: quota exceeded, admission refused)",
  analyze(snapshot) {
    const findings: Finding[] = [];
    for (const rs of snapshot.replicaSets) {
      const name = rs.metadata?.name ?? "";
      const desired = rs.spec?.replicas ?? 0;
      const current = rs.status?.replicas ?? 0;
      const condition = rs.status?.conditions?.find((c) => c.type === "ReplicaFailure" && c.status === "True");
      const event = eventsAbout(snapshot, "ReplicaSet", name, "FailedCreate")[0];
      if ((!event && !condition) || current >= desired) continue;
      const message = event?.message ?? condition?.message ?? "";
      const quota = parseQuotaExceeded(message);
      const deployment = rs.metadata?.ownerReferences?.find((r) => r.kind === "Deployment")?.name;
      const service = appNameOf(rs.spec?.template?.metadata?.labels) ?? deployment;
      findings.push({
        id: `replicaset-failed-create:${rs.metadata?.namespace ?? ""}/${name}`,
        analyzer: ANALYZER,
        severity: "critical",
        object: { kind: "ReplicaSet", namespace: rs.metadata?.namespace ?? "", name },
        ...(service ? { service } : {}),
        title: quota ? `${name} cannot create pods: ResourceQuota ${quota.quota} exceeded` : `${name} cannot create pods (FailedCreate)`,
        detail: quota ? `Requested ${quota.requested}; used ${quota.used}; limited to ${quota.limited}. ${current}/${desired} replicas exist.` : `${current}/${desired} replicas exist.`,
        evidence: [...(event ? [eventEvidence(event)] : []), ...(condition ? [`condition ReplicaFailure=True reason=${condition.reason ?? ""}: ${condition.message ?? ""}`] : []), `replicas ${current}/${desired}`],
        suggestedCategory: { systemLevel: "Virtualization", faultType: quota ? "Misconfiguration" : "Operation Error" },
      });
    }
    return findings;
  },
};
