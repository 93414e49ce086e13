import { z } from "zod";
import { fingerprintOf } from "../fingerprint";
import { locationFromLabels } from "../label-context";
import { severityFromLabel } from "../severity";
import { stringMapSchema } from "../string-map";
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
import { isoTimestampSchema, isUnsetTimestamp } from "../timestamp";
import type { AlertSource, AlertStatus, NormalizedAlert, NormalizeOptions, NormalizeResult } from "../types";
import { describeIssues, parseEnvelope, payloadIssuesOf } from "../zod-issues";

const alertStatusSchema = z.enum(["firing", "resolved"]);

/** Labels of one alert; `alertname` is required because it is the alert's name everywhere downstream. */
const alertLabelsSchema = stringMapSchema(MAX_LABEL_VALUE_LENGTH).refine((labels) => Boolean(labels.alertname), {
  message: "expected a non-empty alertname label",
  path: ["alertname"],
});

/**
 * The Alertmanager webhook envelope (version "4"), also sent by Grafana unified alerting (with
 * version "1" and a few extra fields). Only `alerts` is required: hand-written test payloads
 * (curl, amtool) often omit the rest. `version` is kept but not enforced, so an additive future
 * version does not start failing.
 */
export const alertmanagerEnvelopeSchema = z.object({
  version: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  status: alertStatusSchema.optional(),
  receiver: z.string().optional(),
  groupLabels: stringMapSchema(MAX_LABEL_VALUE_LENGTH).optional(),
  commonLabels: stringMapSchema(MAX_LABEL_VALUE_LENGTH).optional(),
  commonAnnotations: stringMapSchema(MAX_DESCRIPTION_LENGTH).optional(),
  externalURL: z.string().optional(),
  // Items are checked one by one so that one bad alert does not reject its whole group.
  alerts: z.array(z.unknown()),
});

export type AlertmanagerEnvelope = z.output<typeof alertmanagerEnvelopeSchema>;

/**
 * One alert of an Alertmanager group. `status` may be omitted (the envelope's is used) and
 * `startsAt` too (time of receipt is used), again for hand-written payloads.
 */
export const alertmanagerAlertSchema = z.object({
  status: alertStatusSchema.optional(),
  labels: alertLabelsSchema,
  annotations: stringMapSchema(MAX_DESCRIPTION_LENGTH).optional(),
  startsAt: isoTimestampSchema.optional(),
  endsAt: isoTimestampSchema.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;

/** What {@link normalizeAlertGroup} needs to turn an Alertmanager-shaped group into alerts. */
export interface NormalizeAlertGroupOptions<Alert extends AlertmanagerAlert> extends NormalizeOptions {
  source: AlertSource;
  envelope: AlertmanagerEnvelope;
  /** Schema of one alert (Alertmanager's, or an extension of it). */
  alertSchema: z.ZodType<Alert>;
  /** Envelope fields copied into each alert's `raw`, so the stored JSON stands on its own. */
  rawContext: Record<string, unknown>;
  /** Source-specific annotations to add (never overriding the alert's own). */
  extraAnnotations?: (alert: Alert) => Record<string, string>;
}

function alertStatusOf(alert: AlertmanagerAlert, envelope: AlertmanagerEnvelope): AlertStatus | null {
  return alert.status ?? envelope.status ?? null;
}

/**
 * Normalizes every alert of an Alertmanager-shaped group; alerts that fail `alertSchema` are
 * listed in `skipped` with their path (`alerts[2].startsAt: ...`) and the rest are returned.
 *
 * Times: a firing alert's `endsAt` is dropped (Alertmanager sends Go's zero time, or a
 * "valid until" in the future, neither of which is an end); a resolved alert without a usable
 * `endsAt` ends at receipt.
 */
export function normalizeAlertGroup<Alert extends AlertmanagerAlert>(
  groupOptions: NormalizeAlertGroupOptions<Alert>,
): NormalizeResult {
  const { source, envelope, alertSchema, rawContext, extraAnnotations, receivedAt } = groupOptions;
  const result: NormalizeResult = { alerts: [], skipped: [] };

  envelope.alerts.forEach((rawAlert, index) => {
    const parsed = alertSchema.safeParse(rawAlert);
    if (!parsed.success) {
      result.skipped.push({ index, reason: describeIssues(payloadIssuesOf(parsed.error, `alerts[${index}]`)) });
      return;
    }
    const alert = parsed.data;
    const status = alertStatusOf(alert, envelope);
    if (!status) {
      result.skipped.push({ index, reason: `alerts[${index}].status: expected "firing" or "resolved"` });
      return;
    }
    result.alerts.push(
      toNormalizedAlert({ source, alert, status, envelope, rawAlert, rawContext, extraAnnotations, receivedAt }),
    );
  });

  return result;
}

interface ToNormalizedAlertOptions<Alert extends AlertmanagerAlert> {
  source: AlertSource;
  alert: Alert;
  status: AlertStatus;
  envelope: AlertmanagerEnvelope;
  rawAlert: unknown;
  rawContext: Record<string, unknown>;
  extraAnnotations?: (alert: Alert) => Record<string, string>;
  receivedAt: Date;
}

function toNormalizedAlert<Alert extends AlertmanagerAlert>(options: ToNormalizedAlertOptions<Alert>): NormalizedAlert {
  const { source, alert, status, envelope, rawAlert, rawContext, extraAnnotations, receivedAt } = options;
  const { labels } = alert;
  const annotations = { ...extraAnnotations?.(alert), ...alert.annotations };
  const name = boundText(labels.alertname ?? "", MAX_NAME_LENGTH);
  const endsAt = alert.endsAt && !isUnsetTimestamp(alert.endsAt) ? alert.endsAt : null;

  return {
    source,
    externalId: null,
    fingerprint: firstNonBlank(alert.fingerprint) ?? fingerprintOf(labels),
    status,
    severity: severityFromLabel(labels.severity),
    name,
    summary: boundText(firstNonBlank(annotations.summary, annotations.message) ?? name, MAX_SUMMARY_LENGTH),
    description: boundText(annotations.description ?? "", MAX_DESCRIPTION_LENGTH),
    ...locationFromLabels(labels),
    groupHint: boundOptionalText(envelope.groupKey, MAX_IDENTIFIER_LENGTH),
    labels,
    annotations,
    startsAt: alert.startsAt && !isUnsetTimestamp(alert.startsAt) ? alert.startsAt : receivedAt,
    endsAt: status === "resolved" ? (endsAt ?? receivedAt) : null,
    generatorUrl: boundOptionalText(alert.generatorURL, MAX_URL_LENGTH),
    // rawAlert passed alertSchema, so it is an object; the original (not the parsed copy) keeps unknown fields.
    raw: { ...(rawAlert as Record<string, unknown>), ...rawContext },
  };
}

/** Envelope fields worth keeping next to each alert: where it was routed and where to look. */
export function alertmanagerRawContext(envelope: AlertmanagerEnvelope): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (envelope.receiver !== undefined) context.receiver = envelope.receiver;
  if (envelope.groupKey !== undefined) context.groupKey = envelope.groupKey;
  if (envelope.externalURL !== undefined) context.externalURL = envelope.externalURL;
  return context;
}

/**
 * Normalizes a Prometheus Alertmanager webhook (payload version 4): one alert per `alerts[]`
 * item, fingerprint from Alertmanager itself (else a hash of the labels), severity from the
 * `severity` label, service/namespace/cluster from the usual Kubernetes labels.
 *
 * @throws AlertEnvelopeError when the envelope is not an object with an `alerts` array.
 */
export function normalizeAlertmanager(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const envelope = parseEnvelope("alertmanager", alertmanagerEnvelopeSchema, payload);
  return normalizeAlertGroup({
    ...options,
    source: "alertmanager",
    envelope,
    alertSchema: alertmanagerAlertSchema,
    rawContext: alertmanagerRawContext(envelope),
  });
}
