/**
 * Incident states. The agent pipeline owns the full lifecycle; ingestion only opens incidents
 * (TRIGGERED) and closes them when every alert has cleared (RESOLVED).
 */
export const INCIDENT_STATES = ["TRIGGERED", "RESOLVED"] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const INITIAL_INCIDENT_STATE: IncidentState = "TRIGGERED";
