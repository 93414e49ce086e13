/**
 * Alertmanager's webhook payload, version 4, field for field as Alertmanager's webhook notifier
 * sends it (`notify/webhook` + `template.Data`).
 */

/** Go's zero `time.Time` in JSON: what Alertmanager puts in `endsAt` of firing alerts. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** One alert of a notification. */
export interface WebhookAlert {
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The POST body. */
export interface WebhookPayload {
  version: "4";
  groupKey: string;
  truncatedAlerts: number;
  status: "firing" | "resolved";
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
}

/** RFC 3339 as Go marshals `time.Time` (fractional seconds only when non-zero). */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** Label or annotation pairs every alert shares (Alertmanager's CommonLabels / CommonAnnotations). */
export function commonPairs(maps: readonly Record<string, string>[]): Record<string, string> {
  const first = maps[0];
  if (!first) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(first)) {
    if (maps.every((m) => m[key] === value)) out[key] = value;
  }
  return out;
}

/** Options of `buildWebhookPayload`. */
export interface PayloadInput {
  receiver: string;
  groupKey: string;
  groupLabels: Record<string, string>;
  externalURL: string;
  alerts: WebhookAlert[];
  /** `max_alerts` of the receiver; 0 = no limit. */
  maxAlerts: number;
}

/** Build the body of one notification. */
export function buildWebhookPayload(input: PayloadInput): WebhookPayload {
  const firing = input.alerts.some((a) => a.status === "firing");
  const kept = input.maxAlerts > 0 ? input.alerts.slice(0, input.maxAlerts) : input.alerts;
  return {
    version: "4",
    groupKey: input.groupKey,
    truncatedAlerts: input.alerts.length - kept.length,
    status: firing ? "firing" : "resolved",
    receiver: input.receiver,
    groupLabels: input.groupLabels,
    // Common labels and annotations are computed over all alerts of the group, truncated or not.
    commonLabels: commonPairs(input.alerts.map((a) => a.labels)),
    commonAnnotations: commonPairs(input.alerts.map((a) => a.annotations)),
    externalURL: input.externalURL,
    alerts: kept,
  };
}
