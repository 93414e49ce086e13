/**
 * The JSON shapes the incident API returns. Plain types with no server code, so the browser's
 * components import the same definitions the server fills in.
 */

/** The latest approve/reject decision on an incident's proposal. */
export interface IncidentDecision {
  kind: "approved" | "rejected";
  /** Operator, or `autopilot:<namespace>` when a policy approved. */
  by: string;
  auto: boolean;
}

export interface IncidentSummary {
  id: string;
  title: string;
  severity: string;
  state: string;
  cluster: string | null;
  namespace: string | null;
  service: string | null;
  triggeredAt: string;
  resolvedAt: string | null;
  /** When the incident reached a terminal state (resolved or closed as noise). */
  closedAt: string | null;
  /** Not in a terminal state (read from the state, not from the timestamps). */
  open: boolean;
  alertCount: number;
  firingAlertCount: number;
  /** Who approved or rejected the latest proposal, if anyone. */
  decision: IncidentDecision | null;
}

export interface IncidentDetail extends Omit<IncidentSummary, "firingAlertCount" | "decision"> {
  groupKey: string;
  lastAlertAt: string;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
}

export interface IncidentAlert {
  id: string;
  source: string;
  fingerprint: string;
  status: string;
  severity: string;
  name: string;
  summary: string;
  description: string;
  cluster: string | null;
  namespace: string | null;
  service: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  generatorUrl: string | null;
  receivedCount: number;
}

export interface IncidentEventView {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  createdAt: string;
}
