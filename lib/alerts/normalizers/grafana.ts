import { z } from "zod";
import { fingerprintOf } from "../fingerprint";
import { locationFromLabels } from "../label-context";
import { severityFromLabel } from "../severity";
import { stringMapSchema, toStringMap } from "../string-map";
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
import { AlertEnvelopeError, type NormalizeOptions, type NormalizeResult } from "../types";
import { parseEnvelope } from "../zod-issues";
import {
  alertmanagerAlertSchema,
  alertmanagerEnvelopeSchema,
  alertmanagerRawContext,
  normalizeAlertGroup,
} from "./alertmanager";

// --- Unified alerting (Grafana 8+): the Alertmanager payload plus Grafana's links and values. ---

const grafanaUnifiedEnvelopeSchema = alertmanagerEnvelopeSchema.extend({
  orgId: z.number().int().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
});

const grafanaUnifiedAlertSchema = alertmanagerAlertSchema.extend({
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  imageURL: z.string().optional(),
  // Query results by refId; null when a query returned no data.
  values: z.record(z.string(), z.number().nullable()).nullish(),
  valueString: z.string().optional(),
});

type GrafanaUnifiedAlert = z.output<typeof grafanaUnifiedAlertSchema>;

/** `values` as one readable line, e.g. `B=44.24, C=1`, for when Grafana sends no `valueString`. */
function formatValues(values: Record<string, number | null>): string {
  return Object.entries(values)
    .map(([refId, value]) => `${refId}=${value === null ? "null" : Number(value.toPrecision(6))}`)
    .join(", ");
}

/**
 * Grafana's links and evaluated values go into annotations (which agents and the UI read); the
 * alert's own annotations win on a name clash.
 */
function grafanaAnnotations(alert: GrafanaUnifiedAlert): Record<string, string> {
  const values = alert.values && Object.keys(alert.values).length > 0 ? formatValues(alert.values) : undefined;
  return toStringMap(
    {
      dashboardURL: firstNonBlank(alert.dashboardURL),
      panelURL: firstNonBlank(alert.panelURL),
      silenceURL: firstNonBlank(alert.silenceURL),
      imageURL: firstNonBlank(alert.imageURL),
      valueString: firstNonBlank(alert.valueString, values),
    },
    MAX_DESCRIPTION_LENGTH,
  );
}

function normalizeGrafanaUnified(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const envelope = parseEnvelope("grafana", grafanaUnifiedEnvelopeSchema, payload);
  const rawContext = alertmanagerRawContext(envelope);
  if (envelope.orgId !== undefined) rawContext.orgId = envelope.orgId;
  return normalizeAlertGroup({
    ...options,
    source: "grafana",
    envelope,
    alertSchema: grafanaUnifiedAlertSchema,
    rawContext,
    extraAnnotations: grafanaAnnotations,
  });
}

// --- Legacy dashboard alerts (Grafana ≤ 10): one payload per rule state change. ---

/** Legacy alert rule states, from Grafana's `models.AlertStateType`. */
const LEGACY_STATES = ["alerting", "ok", "no_data", "paused", "pending"] as const;
type LegacyState = (typeof LEGACY_STATES)[number];

const grafanaLegacySchema = z.object({
  ruleName: z.string().trim().min(1, "expected a non-empty rule name"),
  state: z.enum(LEGACY_STATES),
  ruleId: z.number().int().optional(),
  ruleUrl: z.string().optional(),
  orgId: z.number().int().optional(),
  dashboardId: z.number().int().optional(),
  panelId: z.number().int().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  imageUrl: z.string().optional(),
  // Legacy tags are a name → value map (the rule's "tags"), not a list.
  tags: stringMapSchema(MAX_LABEL_VALUE_LENGTH).nullish(),
  evalMatches: z
    .array(
      z.object({
        metric: z.string().optional(),
        value: z.number().nullable().optional(),
        tags: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .nullish(),
});

type GrafanaLegacyPayload = z.output<typeof grafanaLegacySchema>;

/**
 * Legacy states that carry no alert to store. `no_data` is only sent when the rule's "If no data"
 * option is set to "No Data" rather than "Alerting", i.e. the owner chose not to alert on missing
 * data; `paused` and `pending` are not (yet) problems.
 */
const IGNORED_LEGACY_STATES: Readonly<Partial<Record<LegacyState, string>>> = {
  no_data: "Grafana legacy alert in no_data state (the rule is configured not to alert on missing data)",
  paused: "Grafana legacy alert rule is paused",
  pending: "Grafana legacy alert is pending (its condition has not held for the rule's duration yet)",
};

/** Legacy titles start with the state, e.g. "[Alerting] CPU high"; it is dropped so firing and OK read alike. */
const LEGACY_TITLE_STATE_PREFIX = /^\[(?:alerting|ok|no data|no_data|paused|pending)\]\s*/i;

/**
 * Identity of a legacy rule: org + rule id when Grafana sent a real id (test notifications send
 * 0), else the rule URL, else the rule name.
 */
function legacyFingerprint(payload: GrafanaLegacyPayload): string {
  if (payload.ruleId) return fingerprintOf({ orgId: String(payload.orgId ?? 0), ruleId: String(payload.ruleId) });
  const ruleUrl = firstNonBlank(payload.ruleUrl);
  if (ruleUrl) return fingerprintOf({ ruleUrl });
  return fingerprintOf({ ruleName: payload.ruleName });
}

/** `evalMatches` as one line, e.g. `Count=1; cpu{host=a}=97.5`. */
function formatEvalMatches(matches: NonNullable<GrafanaLegacyPayload["evalMatches"]>): string {
  return matches.map((match) => `${match.metric ?? "value"}=${match.value ?? "null"}`).join("; ");
}

function normalizeGrafanaLegacy(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const legacy = parseEnvelope("grafana", grafanaLegacySchema, payload);
  const ignoredReason = IGNORED_LEGACY_STATES[legacy.state];
  if (ignoredReason) return { alerts: [], skipped: [], ignoredReason };

  const status = legacy.state === "ok" ? "resolved" : "firing";
  const name = boundText(legacy.ruleName, MAX_NAME_LENGTH);
  const labels: Record<string, string> = { ...legacy.tags, alertname: name };
  const annotations = toStringMap(
    {
      message: firstNonBlank(legacy.message),
      evalMatches: legacy.evalMatches?.length ? formatEvalMatches(legacy.evalMatches) : undefined,
      imageUrl: firstNonBlank(legacy.imageUrl),
    },
    MAX_DESCRIPTION_LENGTH,
  );
  const title = firstNonBlank(legacy.title?.replace(LEGACY_TITLE_STATE_PREFIX, ""));

  return {
    alerts: [
      {
        source: "grafana",
        externalId: legacy.ruleId ? String(legacy.ruleId) : null,
        fingerprint: legacyFingerprint(legacy),
        status,
        severity: severityFromLabel(labels.severity),
        name,
        summary: boundText(title ?? name, MAX_SUMMARY_LENGTH),
        description: boundText(legacy.message ?? "", MAX_DESCRIPTION_LENGTH),
        ...locationFromLabels(labels),
        groupHint: legacy.dashboardId
          ? boundOptionalText(`grafana-dashboard:${legacy.orgId ?? 0}/${legacy.dashboardId}`, MAX_IDENTIFIER_LENGTH)
          : null,
        labels,
        annotations,
        // Legacy payloads carry no timestamps: the state change happened (about) now.
        startsAt: options.receivedAt,
        endsAt: status === "resolved" ? options.receivedAt : null,
        generatorUrl: boundOptionalText(legacy.ruleUrl, MAX_URL_LENGTH),
        raw: payload,
      },
    ],
    skipped: [],
  };
}

// --- Dispatch by shape. ---

/** Fields only a legacy payload has; unified payloads always have `alerts`. */
const LEGACY_MARKERS = ["evalMatches", "ruleId", "ruleName", "ruleUrl"] as const;

/**
 * Normalizes a Grafana webhook, telling the two formats apart by shape: an `alerts` field means
 * unified alerting (handled like Alertmanager, plus Grafana's dashboard/panel/silence links and
 * values as annotations); `ruleName`/`evalMatches`/`ruleId`/`ruleUrl` mean a legacy dashboard
 * alert (one alert per rule: `alerting` fires, `ok` resolves, `no_data`/`paused`/`pending` are
 * ignored with a reason). Test notifications are ordinary alerts in both formats.
 *
 * @throws AlertEnvelopeError when the payload matches neither shape or its envelope is invalid.
 */
export function normalizeGrafana(payload: unknown, options: NormalizeOptions): NormalizeResult {
  if (typeof payload === "object" && payload !== null && !Array.isArray(payload)) {
    if ("alerts" in payload) return normalizeGrafanaUnified(payload, options);
    if (LEGACY_MARKERS.some((marker) => marker in payload)) return normalizeGrafanaLegacy(payload, options);
  }
  throw new AlertEnvelopeError("grafana", [
    {
      path: "",
      message:
        "expected a Grafana unified alerting payload (an object with an alerts array)" +
        " or a legacy alert (an object with ruleName and state)",
    },
  ]);
}
