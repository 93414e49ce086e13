import { z } from "zod";

/** Alert sources the webhook endpoint accepts: `POST /api/webhooks/{source}`. */
export const ALERT_SOURCES = ["alertmanager", "grafana", "pagerduty", "datadog", "generic"] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const alertSourceSchema = z.enum(ALERT_SOURCES);

/** One severity scale for every source; each normalizer maps its source's own scale onto it. */
export const SEVERITIES = ["critical", "high", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank used to compare severities (higher is worse). */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, high: 2, critical: 3 };

export type AlertStatus = "firing" | "resolved";

/**
 * The one shape every source is normalized into. Everything downstream (dedup, grouping,
 * storage, agents) reads only this, never a source's own payload.
 */
export interface NormalizedAlert {
  source: AlertSource;
  /** The source's own id for this alert or event, when it has one (PagerDuty incident id, Datadog event id...). */
  externalId: string | null;
  /** Stable identity of the alert across notifications: the source's own when it has one, else a hash of the identifying labels. */
  fingerprint: string;
  status: AlertStatus;
  severity: Severity;
  /** Alert rule or monitor name, e.g. "HighErrorRatio". */
  name: string;
  /** One line for lists. */
  summary: string;
  /** Free text (may be empty). */
  description: string;
  cluster: string | null;
  namespace: string | null;
  service: string | null;
  /** Source-side grouping hint (Alertmanager groupKey, Grafana rule group...), used when no service is known. */
  groupHint: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  generatorUrl: string | null;
  /** The source's payload for this one alert (JSON), kept for audit and for the agents. */
  raw: unknown;
}

/** An alert in an otherwise valid batch that could not be normalized; listed in the response, not stored. */
export interface SkippedAlert {
  /** Position in the source's alert list (0 for single-alert payloads). */
  index: number;
  /** Field path and reason, e.g. "alerts[3].startsAt: Invalid ISO date". */
  reason: string;
}

export interface NormalizeResult {
  alerts: NormalizedAlert[];
  skipped: SkippedAlert[];
  /**
   * Set when the payload is a valid notification that carries no alert to store (e.g. a PagerDuty
   * event type we do not track, or a Grafana test notification). The webhook answers 200 with it.
   */
  ignoredReason?: string;
}

/**
 * Thrown by a normalizer when the envelope itself is invalid (422). `issues` name the field
 * path and the reason, e.g. `{ path: "alerts", message: "Expected array, received string" }`.
 */
export class AlertEnvelopeError extends Error {
  constructor(
    readonly source: AlertSource,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`invalid ${source} payload: ${issues.map((i) => `${i.path || "(body)"}: ${i.message}`).join("; ")}`);
    this.name = "AlertEnvelopeError";
  }
}

/** Options shared by every normalizer. */
export interface NormalizeOptions {
  /** Time of receipt; used when the payload carries no start time. */
  receivedAt: Date;
}

export type Normalizer = (payload: unknown, options: NormalizeOptions) => NormalizeResult;
