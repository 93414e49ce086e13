/**
 * Types of `IncidentEvent` rows written by alert ingestion; payloads are JSON objects described
 * beside each. State changes are lifecycle events (`lib/incidents/lifecycle/events.ts`).
 */
export const INCIDENT_EVENT_TYPES = {
  /** `{ alertId, fingerprint, name, severity, groupKey, source }`: the incident was opened by this alert. */
  incidentOpened: "incident.opened",
  /** `{ alertId, fingerprint, name, severity, source }`: a new alert joined the incident. */
  alertAttached: "alert.attached",
  /** `{ alertId, fingerprint, name, endsAt }`: an alert of the incident resolved. */
  alertResolved: "alert.resolved",
  /** `{ from, to, alertId }`: the incident's severity rose because a worse alert joined. */
  severityChanged: "incident.severity_changed",
} as const;

export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[keyof typeof INCIDENT_EVENT_TYPES];
