/**
 * All deterministic analyzers over one snapshot, findings sorted by severity (critical first),
 * then by analyzer order and id, so the same snapshot always gives the same list.
 */
import type { ClusterSnapshot } from "../../../cluster/reads/cluster-snapshot";
import { timestampMs } from "../../../cluster/reads/timestamps";
import { chaosObjectsAnalyzer } from "./chaos-objects";
import { containerConfigAnalyzer } from "./container-config";
import { deploymentsAnalyzer } from "./deployments";
import { imagePullAnalyzer } from "./image-pull";
import { logSignaturesAnalyzer } from "./log-signatures";
import { networkPoliciesAnalyzer } from "./network-policies";
import { podStateAnalyzer } from "./pod-state";
import { probesAnalyzer } from "./probes";
import { recentRolloutAnalyzer } from "./recent-rollout";
import { replicaSetFailedCreateAnalyzer } from "./replicaset-failed-create";
import { schedulingAnalyzer } from "./scheduling";
import { servicesAnalyzer } from "./services";
import type { Analyzer, AnalyzerOptions, Finding, FindingSeverity } from "./types";

/** Every analyzer, in the order their findings are listed within one severity. */
export const ANALYZERS: readonly Analyzer[] = [
  chaosObjectsAnalyzer,
  podStateAnalyzer,
  imagePullAnalyzer,
  containerConfigAnalyzer,
  schedulingAnalyzer,
  replicaSetFailedCreateAnalyzer,
  servicesAnalyzer,
  networkPoliciesAnalyzer,
  probesAnalyzer,
  deploymentsAnalyzer,
  recentRolloutAnalyzer,
  logSignaturesAnalyzer,
];

/** Default window for "a rollout shortly before the symptoms". */
export const DEFAULT_RECENT_ROLLOUT_MINUTES = 30;

const SEVERITY_RANK: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Runs the analyzers (all, or `options.only`) and returns their findings, most severe first. */
export function runAnalyzers(snapshot: ClusterSnapshot, options: AnalyzerOptions = {}): Finding[] {
  const nowMs = options.now?.getTime() ?? timestampMs(snapshot.collectedAt) ?? Date.now();
  const resolved = { nowMs, recentRolloutMinutes: options.recentRolloutMinutes ?? DEFAULT_RECENT_ROLLOUT_MINUTES };
  const selected = options.only ? ANALYZERS.filter((a) => options.only?.includes(a.name)) : ANALYZERS;
  const order = new Map(ANALYZERS.map((a, i) => [a.name, i]));
  const findings = selected.flatMap((a) => a.analyze(snapshot, resolved));
  // The same fault seen twice (e.g. two events) must not be listed twice.
  const unique = [...new Map(findings.map((f) => [f.id, f])).values()];
  return unique.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (order.get(a.analyzer) ?? 0) - (order.get(b.analyzer) ?? 0) || a.id.localeCompare(b.id));
}
