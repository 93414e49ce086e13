/**
 * The JSON shapes the incident API returns. Plain types with no server code, so the browser's
 * components import the same definitions the server fills in.
 */

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
}

export interface IncidentDetail extends Omit<IncidentSummary, "firingAlertCount"> {
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
