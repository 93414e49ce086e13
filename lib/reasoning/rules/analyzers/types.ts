/**
 * What a deterministic analyzer reports. Findings are grounded facts: the diagnosis agent (rules
 * or LLM) must cite them, so `evidence` holds exact strings from the cluster (reasons, exit
 * codes, event messages), never paraphrases.
 */
import type { ClusterSnapshot } from "../../../cluster/reads/cluster-snapshot";

export type FindingSeverity = "critical" | "warning" | "info";

/** The fault taxonomy the incident postmortem uses (system level x fault type). */
export interface FaultCategory {
  systemLevel: "Hardware" | "Operating System" | "Virtualization" | "Application";
  faultType: "Misconfiguration" | "Code Defect" | "Authentication Issue" | "Network/Storage Issue" | "Operation Error" | "Dependency Problem";
}

export interface Finding {
  /** Stable across runs for the same fault: `<kind-of-finding>:<namespace>/<name>[/<detail>]`. */
  id: string;
  /** Name of the analyzer that produced it. */
  analyzer: string;
  severity: FindingSeverity;
  object: { kind: string; namespace: string; name: string };
  /** The application the object belongs to (app label, owning Deployment). */
  service?: string;
  title: string;
  detail: string;
  /** Exact facts: reason, exit code, message, event text. */
  evidence: string[];
  suggestedCategory?: FaultCategory;
}

export interface AnalyzerOptions {
  /** "Now" for recency checks (default: the snapshot's collectedAt). */
  now?: Date;
  /** A rollout counts as "shortly before" the symptoms within this many minutes. Default 30. */
  recentRolloutMinutes?: number;
  /** Run only these analyzers (by name). Default: all. */
  only?: readonly string[];
}

/** Options with defaults applied, as analyzers receive them. */
export interface ResolvedAnalyzerOptions {
  nowMs: number;
  recentRolloutMinutes: number;
}

/** A pure function from a snapshot to findings. */
export interface Analyzer {
  name: string;
  /** One line on what it looks for (shown in the run_analyzers tool description). */
  description: string;
  analyze(snapshot: ClusterSnapshot, options: ResolvedAnalyzerOptions): Finding[];
}
