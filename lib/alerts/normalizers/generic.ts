import { z } from "zod";
import { fingerprintOf } from "../fingerprint";
import { locationFromLabels, type AlertLocation } from "../label-context";
import { parseSeverity, severityFromLabel, severityFromText } from "../severity";
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
import { isoOrEpochTimestampSchema } from "../timestamp";
import {
  AlertEnvelopeError,
  type NormalizedAlert,
  type NormalizeOptions,
  type NormalizeResult,
  type SkippedAlert,
} from "../types";
import { describeIssues, payloadIssuesOf, type PayloadIssue } from "../zod-issues";

/** Most alerts one generic request may carry; senders batch (e.g. 20 per request), not stream. */
export const MAX_GENERIC_BATCH_SIZE = 100;

/** `{ "alert": "<one line>", "context": "<free text>" }`: for scripts and chat-ops that only have a sentence. */
const simpleAlertSchema = z.object({
  alert: z.string({ error: "expected the alert line as a string" }).trim().min(1, "expected a non-empty alert line"),
  context: z.string().nullish(),
  severity: z.string().nullish(),
});

/** Lowercases before the enum check so "Resolved" or "FIRING" from hand-written senders still work. */
const statusSchema = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().toLowerCase() : value),
  z.enum(["firing", "resolved"]),
);

/** The structured form for senders that can fill fields; only `name` is required. */
const richAlertSchema = z.object({
  name: z.string({ error: "expected the alert name as a string" }).trim().min(1, "expected a non-empty name"),
  status: statusSchema.optional(),
  severity: z.string().nullish(),
  summary: z.string().nullish(),
  description: z.string().nullish(),
  service: z.string().nullish(),
  namespace: z.string().nullish(),
  cluster: z.string().nullish(),
  labels: stringMapSchema(MAX_LABEL_VALUE_LENGTH).nullish(),
  annotations: stringMapSchema(MAX_DESCRIPTION_LENGTH).nullish(),
  fingerprint: z.string().nullish(),
  startsAt: isoOrEpochTimestampSchema.nullish(),
  endsAt: isoOrEpochTimestampSchema.nullish(),
  url: z.string().nullish(),
});

type SimpleAlert = z.output<typeof simpleAlertSchema>;
type RichAlert = z.output<typeof richAlertSchema>;

/** `namespace=shop`, `ns: shop`, `service="cart"`: key, `=` or `:`, value. */
const KEY_VALUE_PATTERNS: Readonly<Record<keyof AlertLocation, RegExp>> = {
  namespace: /\b(?:namespace|ns)\s*[=:]\s*["']?([A-Za-z0-9](?:[-\w.]*[A-Za-z0-9])?)/i,
  service: /\b(?:service|svc|app|deployment)\s*[=:]\s*["']?([A-Za-z0-9](?:[-\w.]*[A-Za-z0-9])?)/i,
  cluster: /\bcluster\s*[=:]\s*["']?([A-Za-z0-9](?:[-\w.]*[A-Za-z0-9])?)/i,
};

/** `namespace shop`, `service cart`: key, space, a lowercase Kubernetes-style name. */
const KEY_SPACE_PATTERNS: Readonly<Record<keyof AlertLocation, RegExp>> = {
  namespace: /\bnamespace\s+([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\b/i,
  service: /\bservice\s+([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\b/i,
  cluster: /\bcluster\s+([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\b/i,
};

/** Words that follow "service"/"namespace" in prose without naming one ("service is down"). */
const PROSE_WORDS = new Set([
  "a", "an", "and", "are", "as", "at", "be", "by", "can", "cannot", "degraded", "down", "error", "errors",
  "failed", "failing", "for", "from", "has", "have", "in", "is", "isn", "level", "not", "of", "on", "or",
  "outage", "the", "to", "unavailable", "unhealthy", "unreachable", "up", "was", "were", "with",
]);

function locationWordAfter(line: string, field: keyof AlertLocation): string | null {
  const keyValue = KEY_VALUE_PATTERNS[field].exec(line)?.[1];
  if (keyValue) return keyValue;
  const spaced = KEY_SPACE_PATTERNS[field].exec(line)?.[1];
  // Only lowercase names: "Service Checkout" is prose, "service checkout" reads like a name.
  if (spaced && spaced === spaced.toLowerCase() && !PROSE_WORDS.has(spaced)) return spaced;
  return null;
}

/**
 * Best-effort location from a free-text alert line: `key=value` / `key: value` for
 * namespace|ns, service|svc|app|deployment and cluster, and `namespace shop` / `service cart` /
 * `cluster prod` when the next word looks like a Kubernetes name and is not a common prose word.
 */
export function locationFromAlertLine(line: string): AlertLocation {
  const bounded = (value: string | null) => boundOptionalText(value, MAX_IDENTIFIER_LENGTH);
  return {
    cluster: bounded(locationWordAfter(line, "cluster")),
    namespace: bounded(locationWordAfter(line, "namespace")),
    service: bounded(locationWordAfter(line, "service")),
  };
}

function fromSimple(simple: SimpleAlert, raw: unknown, receivedAt: Date): NormalizedAlert {
  const line = simple.alert;
  const name = boundText(line.split(/\r?\n/, 1)[0] ?? line, MAX_NAME_LENGTH);
  const location = locationFromAlertLine(line);
  const labels: Record<string, string> = { alertname: name };
  for (const [key, value] of Object.entries(location)) if (value) labels[key] = value;

  return {
    source: "generic",
    externalId: null,
    // The whole line is the identity: the same sentence sent again is the same alert.
    fingerprint: fingerprintOf({ alert: line }),
    // The simple form has no status; a sender that can resolve alerts should use the rich form.
    status: "firing",
    severity: parseSeverity(simple.severity) ?? severityFromText(line),
    name,
    summary: boundText(line, MAX_SUMMARY_LENGTH),
    description: boundText(simple.context ?? "", MAX_DESCRIPTION_LENGTH),
    ...location,
    groupHint: null,
    labels,
    annotations: {},
    startsAt: receivedAt,
    endsAt: null,
    generatorUrl: null,
    raw,
  };
}

function fromRich(rich: RichAlert, raw: unknown, receivedAt: Date): NormalizedAlert {
  const name = boundText(rich.name, MAX_NAME_LENGTH);
  const labels: Record<string, string> = { alertname: name, ...rich.labels };
  const fromLabels = locationFromLabels(labels);
  const location: AlertLocation = {
    cluster: boundOptionalText(rich.cluster, MAX_IDENTIFIER_LENGTH) ?? fromLabels.cluster,
    namespace: boundOptionalText(rich.namespace, MAX_IDENTIFIER_LENGTH) ?? fromLabels.namespace,
    service: boundOptionalText(rich.service, MAX_IDENTIFIER_LENGTH) ?? fromLabels.service,
  };
  // An unrecognized severity still stores the alert (as warning); the sender's word is kept as a label.
  const severityWord = firstNonBlank(rich.severity, labels.severity);
  if (severityWord && !labels.severity) labels.severity = boundText(severityWord, MAX_LABEL_VALUE_LENGTH);
  const status = rich.status ?? "firing";
  const identity: Record<string, string> = { ...labels, alertname: name };
  for (const [key, value] of Object.entries(location)) if (value) identity[key] = value;

  return {
    source: "generic",
    externalId: null,
    fingerprint: boundOptionalText(rich.fingerprint, MAX_IDENTIFIER_LENGTH) ?? fingerprintOf(identity),
    status,
    severity: severityFromLabel(severityWord),
    name,
    summary: boundText(firstNonBlank(rich.summary) ?? name, MAX_SUMMARY_LENGTH),
    description: boundText(rich.description ?? "", MAX_DESCRIPTION_LENGTH),
    ...location,
    groupHint: null,
    labels,
    annotations: rich.annotations ?? {},
    startsAt: rich.startsAt ?? receivedAt,
    endsAt: status === "resolved" ? (rich.endsAt ?? receivedAt) : null,
    generatorUrl: boundOptionalText(rich.url, MAX_URL_LENGTH),
    raw,
  };
}

type ParsedGenericAlert = { alert: NormalizedAlert } | { issues: PayloadIssue[] };

const UNKNOWN_FORM_MESSAGE =
  'expected an alert object with "name" (structured form) or "alert" (simple form: {"alert": "...", "context": "..."})';

/** Parses one alert in either form; `pathPrefix` places issues in the request (`alerts[3]`). */
function parseGenericAlert(item: unknown, pathPrefix: string, receivedAt: Date): ParsedGenericAlert {
  const isObject = typeof item === "object" && item !== null && !Array.isArray(item);
  if (isObject && "name" in item) {
    const parsed = richAlertSchema.safeParse(item);
    return parsed.success
      ? { alert: fromRich(parsed.data, item, receivedAt) }
      : { issues: payloadIssuesOf(parsed.error, pathPrefix) };
  }
  if (isObject && "alert" in item) {
    const parsed = simpleAlertSchema.safeParse(item);
    return parsed.success
      ? { alert: fromSimple(parsed.data, item, receivedAt) }
      : { issues: payloadIssuesOf(parsed.error, pathPrefix) };
  }
  return { issues: [{ path: pathPrefix, message: UNKNOWN_FORM_MESSAGE }] };
}

function normalizeBatch(
  items: readonly unknown[],
  itemPath: (index: number) => string,
  receivedAt: Date,
): NormalizeResult {
  const alerts: NormalizedAlert[] = [];
  const skipped: SkippedAlert[] = [];
  items.forEach((item, index) => {
    const parsed = parseGenericAlert(item, itemPath(index), receivedAt);
    if ("alert" in parsed) alerts.push(parsed.alert);
    else skipped.push({ index, reason: describeIssues(parsed.issues) });
  });
  return { alerts, skipped };
}

function assertBatchSize(items: readonly unknown[], path: string): void {
  if (items.length > MAX_GENERIC_BATCH_SIZE) {
    throw new AlertEnvelopeError("generic", [
      { path, message: `expected at most ${MAX_GENERIC_BATCH_SIZE} alerts per request, got ${items.length}` },
    ]);
  }
}

/**
 * Normalizes the generic webhook. Accepts one alert in either form (simple
 * `{alert, context}` or structured `{name, status, severity, ...}`), or a batch: a JSON array of
 * them or `{ alerts: [...] }` (at most {@link MAX_GENERIC_BATCH_SIZE}). In a batch, invalid alerts
 * are skipped and listed; a single invalid alert is an envelope error, because a 2xx with nothing
 * stored would look like success to a sender.
 *
 * Simple form: name = first line of the alert (≤ 200 chars), summary = the line, description =
 * context, status firing, severity from an explicit `severity` field, else from the line
 * (see `severityFromText`), namespace/service/cluster from `key=value` patterns (see
 * `locationFromAlertLine`), fingerprint = hash of the line.
 *
 * @throws AlertEnvelopeError for an invalid single alert, a non-array `alerts`, or an oversized batch.
 */
export function normalizeGeneric(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const { receivedAt } = options;
  if (Array.isArray(payload)) {
    assertBatchSize(payload, "");
    return normalizeBatch(payload, (index) => `[${index}]`, receivedAt);
  }
  if (typeof payload === "object" && payload !== null && "alerts" in payload) {
    const { alerts } = payload;
    if (!Array.isArray(alerts)) {
      throw new AlertEnvelopeError("generic", [{ path: "alerts", message: "expected an array of alerts" }]);
    }
    assertBatchSize(alerts, "alerts");
    return normalizeBatch(alerts, (index) => `alerts[${index}]`, receivedAt);
  }
  const parsed = parseGenericAlert(payload, "", receivedAt);
  if ("issues" in parsed) throw new AlertEnvelopeError("generic", parsed.issues);
  return { alerts: [parsed.alert], skipped: [] };
}
