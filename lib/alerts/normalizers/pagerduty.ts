import { z } from "zod";
import { DEFAULT_SEVERITY, severityFromPriority } from "../severity";
import { toStringMap } from "../string-map";
import {
  boundOptionalText,
  boundText,
  firstNonBlank,
  MAX_DESCRIPTION_LENGTH,
  MAX_IDENTIFIER_LENGTH,
  MAX_LABEL_VALUE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_URL_LENGTH,
} from "../text-limits";
import { isoTimestampSchema } from "../timestamp";
import type { AlertStatus, NormalizeOptions, NormalizeResult, Severity } from "../types";
import { parseEnvelope } from "../zod-issues";

/** A PagerDuty object reference (`service_reference`, `user_reference`, ...); only `summary` is read. */
const referenceSchema = z.object({
  id: z.string().optional(),
  summary: z.string().nullish(),
  html_url: z.string().nullish(),
});

/**
 * The V3 webhook envelope: one event per request. `data` is only checked to be an object here;
 * its shape depends on `event_type` and is checked once we know the event is one we track.
 */
const pagerDutyEnvelopeSchema = z.object({
  event: z.object({
    id: z.string().min(1, "expected a non-empty event id"),
    event_type: z.string().min(1, "expected a non-empty event type"),
    resource_type: z.string().optional(),
    occurred_at: isoTimestampSchema.nullish(),
    agent: referenceSchema.nullish(),
    client: z.object({ name: z.string().nullish() }).nullish(),
    data: z.record(z.string(), z.unknown()),
  }),
});

/** `event.data` of an incident event (`data.type` is "incident"). */
const pagerDutyIncidentSchema = z.object({
  id: z.string().min(1, "expected a non-empty incident id"),
  type: z.string().optional(),
  html_url: z.string().nullish(),
  number: z.number().int().nullish(),
  status: z.string().nullish(),
  incident_key: z.string().nullish(),
  created_at: isoTimestampSchema.nullish(),
  title: z.string().trim().min(1, "expected a non-empty incident title"),
  service: referenceSchema.nullish(),
  urgency: z.string().nullish(),
  priority: referenceSchema.nullish(),
  assignees: z.array(referenceSchema).nullish(),
  escalation_policy: referenceSchema.nullish(),
  teams: z.array(referenceSchema).nullish(),
  conference_bridge: z
    .object({ conference_number: z.string().nullish(), conference_url: z.string().nullish() })
    .nullish(),
});

type PagerDutyIncident = z.output<typeof pagerDutyIncidentSchema>;

/**
 * Incident event types we store, and the alert status each one means. Acknowledging does not end
 * an incident (someone is on it, the problem remains), so it keeps the alert firing; the PagerDuty
 * status is kept in `labels.pagerduty_status`. Anything else (`service.*`, `incident.annotated`,
 * `incident.responder.*`, `pagey.ping`...) is acknowledged with an `ignoredReason`.
 */
export const PAGERDUTY_TRACKED_EVENTS: Readonly<Record<string, AlertStatus>> = {
  "incident.triggered": "firing",
  "incident.reopened": "firing",
  "incident.unacknowledged": "firing",
  "incident.acknowledged": "firing",
  "incident.escalated": "firing",
  "incident.priority_updated": "firing",
  "incident.resolved": "resolved",
};

/** PagerDuty urgency → severity, used when the incident has no (recognizable) priority. */
const SEVERITY_BY_URGENCY: Readonly<Record<string, Severity>> = { high: "high", low: "warning" };

/** Priority (P1..P5) first; accounts without priorities, or with custom names, fall back to urgency. */
function incidentSeverity(incident: PagerDutyIncident): Severity {
  return (
    severityFromPriority(incident.priority?.summary) ??
    SEVERITY_BY_URGENCY[incident.urgency?.trim().toLowerCase() ?? ""] ??
    DEFAULT_SEVERITY
  );
}

function summariesOf(references: PagerDutyIncident["assignees"]): string | undefined {
  const names = (references ?? []).map((reference) => firstNonBlank(reference.summary)).filter(Boolean);
  return names.length > 0 ? names.join(", ") : undefined;
}

/**
 * Normalizes a PagerDuty V3 webhook. Incident events in {@link PAGERDUTY_TRACKED_EVENTS} become
 * one alert keyed by the incident (`fingerprint` "pagerduty:<incident id>", so every event of an
 * incident updates the same alert); other event types return an `ignoredReason`. An event for an
 * incident whose `data.status` is already "resolved" is resolved whatever its type (e.g. a
 * priority change on a closed incident must not reopen it).
 *
 * Severity: priority P1→critical, P2→high, P3→warning, P4/P5→info; without one, urgency
 * high→high, low→warning.
 *
 * @throws AlertEnvelopeError when the envelope, or a tracked event's incident, is invalid.
 */
export function normalizePagerDuty(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const { event } = parseEnvelope("pagerduty", pagerDutyEnvelopeSchema, payload);
  const eventStatus = PAGERDUTY_TRACKED_EVENTS[event.event_type];
  if (!eventStatus) {
    return { alerts: [], skipped: [], ignoredReason: `PagerDuty event type ${event.event_type} is not tracked` };
  }

  const incident = parseEnvelope("pagerduty", pagerDutyIncidentSchema, event.data, "event.data");
  const status: AlertStatus = incident.status === "resolved" ? "resolved" : eventStatus;
  const occurredAt = event.occurred_at ?? options.receivedAt;
  const title = boundText(incident.title, MAX_SUMMARY_LENGTH);

  const labels = toStringMap(
    {
      pagerduty_status: incident.status,
      urgency: incident.urgency,
      priority: incident.priority?.summary,
      service_id: incident.service?.id,
      escalation_policy: incident.escalation_policy?.summary,
      teams: summariesOf(incident.teams),
      incident_number: incident.number,
      incident_key: incident.incident_key,
    },
    MAX_LABEL_VALUE_LENGTH,
  );
  const annotations = toStringMap(
    {
      event_type: event.event_type,
      event_id: event.id,
      agent: event.agent?.summary,
      assignees: summariesOf(incident.assignees),
      conference_url: incident.conference_bridge?.conference_url,
      conference_number: incident.conference_bridge?.conference_number,
    },
    MAX_DESCRIPTION_LENGTH,
  );

  return {
    alerts: [
      {
        source: "pagerduty",
        externalId: boundText(incident.id, MAX_IDENTIFIER_LENGTH),
        fingerprint: `pagerduty:${boundText(incident.id, MAX_IDENTIFIER_LENGTH)}`,
        status,
        severity: incidentSeverity(incident),
        // PagerDuty has no rule name; the incident title is the closest thing.
        name: boundText(incident.title, MAX_NAME_LENGTH),
        summary: title,
        // V3 webhooks do not carry the incident body; the details are in labels/annotations/raw.
        description: "",
        cluster: null,
        namespace: null,
        service: boundOptionalText(incident.service?.summary, MAX_IDENTIFIER_LENGTH),
        groupHint: boundOptionalText(incident.escalation_policy?.summary, MAX_IDENTIFIER_LENGTH),
        labels,
        annotations,
        startsAt: incident.created_at ?? occurredAt,
        endsAt: status === "resolved" ? occurredAt : null,
        generatorUrl: boundOptionalText(incident.html_url, MAX_URL_LENGTH),
        raw: payload,
      },
    ],
    skipped: [],
  };
}
