/**
 * What the agents remember of one resolved incident: its alerts, the diagnosis, each fix tried
 * with its TNR outcome, and the postmortem. Built from the database by `load-incident-memories.ts`;
 * the ranking functions work on this shape alone so they are testable without a database.
 */

/** A mitigation action as stored (`{ type, params }`), loosely typed: history outlives schemas. */
export interface FixActionLike {
  type: string;
  params?: Record<string, unknown>;
}

/** How a fix attempt ended. */
export type FixOutcome =
  /** TNR committed it and it was not undone: it worked. */
  | "committed"
  /** TNR saw a regression (or execution failed) and undid it. */
  | "rolled_back"
  /** Committed, then undone by an operator. */
  | "undone"
  /** Stopped by an operator or a failed dry run before it could prove anything. */
  | "aborted"
  /** Proposed but rejected by the operator. */
  | "rejected"
  /** Still in flight, or the outcome was never recorded. */
  | "unknown";

export interface FixAttempt {
  transactionId: string;
  actions: FixActionLike[];
  /** The proposal's one-line summary, when known. */
  summary: string | null;
  outcome: FixOutcome;
  healthBefore: number | null;
  healthAfter: number | null;
  /** Why it was rolled back, undone or rejected, when recorded. */
  reason: string | null;
}

export interface IncidentMemory {
  incidentId: string;
  title: string;
  namespace: string | null;
  service: string | null;
  triggeredAt: Date;
  resolvedAt: Date | null;
  alertNames: string[];
  /** Services named by the incident's alerts. */
  alertServices: string[];
  /** Alert summaries and descriptions, for text similarity. */
  alertText: string;
  rootCause: string | null;
  mechanism: string | null;
  faultyObject: { kind: string; name: string; namespace?: string } | null;
  /** Service the diagnosis blamed (may differ from the alerting service). */
  faultyService: string | null;
  fixes: FixAttempt[];
  postmortem: { status: string; markdown: string } | null;
}

/** `set-image deployment currency` style label of an action, for sentences. */
export function describeAction(action: FixActionLike): string {
  const params = action.params ?? {};
  const target = [params.kind, params.name].filter((v): v is string => typeof v === "string" && v.length > 0).join(" ");
  return target ? `${action.type} on ${target}` : action.type;
}

/** Identity of an action for "the same fix": type and target object, not the exact values. */
export function fixSignature(action: FixActionLike): string {
  const params = action.params ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  return `${action.type}|${str(params.kind)}|${str(params.name)}`;
}

/** True when the outcome says the fix did not hold. */
export function fixFailed(outcome: FixOutcome): boolean {
  return outcome === "rolled_back" || outcome === "undone";
}
