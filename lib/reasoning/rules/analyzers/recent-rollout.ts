/**
 * A rollout shortly before the symptoms is the first suspect of any incident: report each
 * Deployment whose newest revision was created within the window, with what changed.
 */
import { diffPodTemplates } from "../../../cluster/reads/pod-template-diff";
import { rolloutRevisionsOf } from "../../../cluster/reads/rollout-revisions";
import { timestampMs } from "../../../cluster/reads/timestamps";
import type { Analyzer, Finding } from "./types";

const ANALYZER = "recent-rollout";
/** Changes listed in a finding's evidence at most. */
const MAX_CHANGES = 10;

/** One finding per Deployment rolled out within `recentRolloutMinutes`. */
export const recentRolloutAnalyzer: Analyzer = {
  name: ANALYZER,
  description: "Deployments rolled out within the last N minutes, with the pod-template diff",
  analyze(snapshot, options) {
    const findings: Finding[] = [];
    const windowMs = options.recentRolloutMinutes * 60_000;
    for (const deployment of snapshot.deployments) {
      const revisions = rolloutRevisionsOf(deployment, snapshot.replicaSets);
      const newest = revisions.at(-1);
      const previous = revisions.at(-2);
      const createdMs = timestampMs(newest?.createdAt);
      if (!newest || !previous || createdMs === undefined || options.nowMs - createdMs > windowMs || createdMs > options.nowMs + 60_000) continue;
      const changes = diffPodTemplates(previous.template, newest.template);
      const name = deployment.metadata?.name ?? "";
      const namespace = deployment.metadata?.namespace ?? "";
      const minutesAgo = Math.max(0, Math.round((options.nowMs - createdMs) / 60_000));
      const unavailable = (deployment.spec?.replicas ?? 1) > (deployment.status?.availableReplicas ?? 0);
      findings.push({
        id: `recent-rollout:${namespace}/${name}/${newest.revision}`,
        analyzer: ANALYZER,
        severity: unavailable ? "warning" : "info",
        object: { kind: "Deployment", namespace, name },
        service: name,
        title: `Deployment ${name} rolled out revision ${newest.revision} ${minutesAgo} min ago${changes.length ? `: ${changes.slice(0, 3).map((c) => c.field).join(", ")} changed` : ""}`,
        detail: `Revision ${previous.revision} (${previous.replicaSet}) -> ${newest.revision} (${newest.replicaSet})${newest.changeCause ? `, change-cause: ${newest.changeCause}` : ""}.${unavailable ? " The Deployment has unavailable replicas since." : ""}`,
        evidence: [`ReplicaSet ${newest.replicaSet} created ${newest.createdAt ?? ""}`, ...changes.slice(0, MAX_CHANGES).map((c) => `${c.field}: ${c.before ?? "<unset>"} -> ${c.after ?? "<unset>"}`)],
        suggestedCategory: { systemLevel: "Application", faultType: "Operation Error" },
      });
    }
    return findings;
  },
};
