import { z } from "zod";
import { fingerprintOf } from "../fingerprint";
import { DATADOG_LOCATION_KEYS, locationFromLabels } from "../label-context";
import { capSeverity, DEFAULT_SEVERITY, parseSeverity, severityFromPriority } from "../severity";
import { toStringMap } from "../string-map";
import {
  boundOptionalText,
  boundText,
  firstNonBlank,
  MAX_DESCRIPTION_LENGTH,
  MAX_IDENTIFIER_LENGTH,
  MAX_KEY_LENGTH,
  MAX_LABEL_VALUE_LENGTH,
  MAX_NAME_LENGTH,
  MAX_SUMMARY_LENGTH,
  MAX_URL_LENGTH,
} from "../text-limits";
import { isoOrEpochTimestampSchema } from "../timestamp";
import type { AlertStatus, NormalizeOptions, NormalizeResult, Severity } from "../types";
import { parseEnvelope } from "../zod-issues";

/** Template variables expand to strings, or to numbers when the template leaves them unquoted. */
const idSchema = z.union([z.string(), z.number()], { error: "expected a string or number" }).transform(String);
const tagListSchema = z.union([z.string(), z.array(z.string())], {
  error: 'expected a comma-separated "key:value" string or an array of strings',
});

/**
 * Datadog's default webhook body (`id`, `title`, `body`, `date`, `last_updated`, `event_type`,
 * `org`) plus the fields custom payload templates commonly add. Every field is optional because
 * templates are user-written; a title is the only thing required (see the refinement).
 */
const datadogPayloadSchema = z
  .object({
    id: idSchema.optional(),
    title: z.string().optional(),
    alert_title: z.string().optional(),
    body: z.string().optional(),
    date: isoOrEpochTimestampSchema.optional(),
    last_updated: isoOrEpochTimestampSchema.optional(),
    event_type: z.string().optional(),
    org: z.object({ id: idSchema.optional(), name: z.string().optional() }).nullish(),
    alert_transition: z.string().optional(),
    alert_type: z.string().optional(),
    alert_priority: z.string().optional(),
    priority: z.string().optional(),
    tags: tagListSchema.optional(),
    scopes: tagListSchema.optional(),
    alert_scope: tagListSchema.optional(),
    url: z.string().optional(),
    link: z.string().optional(),
    monitor_id: idSchema.optional(),
    alert_id: idSchema.optional(),
    alert_cycle_key: idSchema.optional(),
    aggreg_key: idSchema.optional(),
    alert_status: z.string().optional(),
    alert_query: z.string().optional(),
    alert_metric: z.string().optional(),
    hostname: z.string().optional(),
  })
  .refine((payload) => Boolean(firstNonBlank(payload.alert_title, payload.title)), {
    message: "expected a non-empty title (or alert_title)",
    path: ["title"],
  });

type DatadogPayload = z.output<typeof datadogPayloadSchema>;

/**
 * Datadog titles start with the transition and, for multi-alerts, the group:
 * `[Triggered on {host:web-1}] CPU high`, `[Recovered] CPU high`, `[P1] [Warn] ...`.
 */
const TITLE_PREFIX =
  /^\s*(?:\[P[0-5]\]\s*)?\[(?<transition>(?:Re-)?Triggered|Recovered|(?:Re-)?Warn|(?:Re-)?No Data|Renotify)(?: on (?<scope>\{[^\]]*\}))?\]\s*/i;

interface ParsedTitle {
  /** Title without the transition prefix, identical across a monitor's notifications. */
  text: string;
  transition: string | null;
  scope: string | null;
}

function parseTitle(title: string): ParsedTitle {
  const match = TITLE_PREFIX.exec(title);
  const text = match ? title.slice(match[0].length).trim() : title.trim();
  return {
    text: text || title.trim(),
    transition: match?.groups?.transition?.trim() ?? null,
    scope: match?.groups?.scope ?? null,
  };
}

/**
 * Parses Datadog tags (`"env:prod, kube_namespace:shop"` or `["env:prod", ...]`) into labels. A tag
 * splits at its first colon (values may contain colons, e.g. URLs); a bare tag becomes a key with
 * an empty value, as Datadog itself treats it; a repeated key keeps every value, comma-joined.
 */
export function parseDatadogTags(tags: string | readonly string[] | undefined): Record<string, string> {
  const list = typeof tags === "string" ? tags.split(",") : (tags ?? []);
  const labels: Record<string, string> = {};
  for (const tag of list) {
    const trimmed = tag.trim();
    if (!trimmed) continue;
    const colon = trimmed.indexOf(":");
    const key = boundText(colon === -1 ? trimmed : trimmed.slice(0, colon), MAX_KEY_LENGTH);
    const value = colon === -1 ? "" : trimmed.slice(colon + 1).trim();
    if (!key) continue;
    const existing = labels[key];
    labels[key] = boundText(existing && existing !== value ? `${existing},${value}` : value, MAX_LABEL_VALUE_LENGTH);
  }
  return labels;
}

/**
 * Status from the transition (`alert_transition`, else the title prefix): "Recovered" resolves,
 * every other transition (Triggered, Re-Triggered, Warn, Re-Warn, No Data, Renotify) fires; with no
 * transition, `alert_type` "success" resolves. "No Data" fires because Datadog only notifies on
 * missing data when the monitor owner opted in (`notify_no_data`).
 */
function datadogStatus(transition: string | null, alertType: string | undefined): AlertStatus {
  if (transition) return transition.toLowerCase() === "recovered" ? "resolved" : "firing";
  return alertType?.trim().toLowerCase() === "success" ? "resolved" : "firing";
}

/** `alert_type` → severity: error→high, warning→warning, info/success→info. */
const SEVERITY_BY_ALERT_TYPE: Readonly<Record<string, Severity>> = {
  error: "high",
  warning: "warning",
  info: "info",
  success: "info",
};

/**
 * The monitor's priority (P1..P5) when set, else `alert_type`, else the default. A Warn transition
 * is the monitor's warning threshold, so it is capped at warning whatever the priority.
 */
function datadogSeverity(payload: DatadogPayload, transition: string | null): Severity {
  const base =
    severityFromPriority(firstNonBlank(payload.alert_priority, payload.priority)) ??
    SEVERITY_BY_ALERT_TYPE[payload.alert_type?.trim().toLowerCase() ?? ""] ??
    parseSeverity(payload.alert_type) ??
    DEFAULT_SEVERITY;
  return transition && /^(re-)?warn$/i.test(transition) ? capSeverity(base, "warning") : base;
}

/**
 * Identity across a monitor's notifications: `alert_cycle_key` (Datadog links trigger → recover
 * with it); else the monitor id plus the triggering scope (one alert per group of a multi-alert);
 * else the title without its transition prefix, plus the group shown in that prefix.
 */
function datadogFingerprint(payload: DatadogPayload, title: ParsedTitle, scopeLabels: Record<string, string>): string {
  const cycleKey = firstNonBlank(payload.alert_cycle_key);
  if (cycleKey) return boundText(cycleKey, MAX_IDENTIFIER_LENGTH);
  const monitorId = firstNonBlank(payload.monitor_id, payload.alert_id);
  if (monitorId) {
    const scope = Object.entries(scopeLabels)
      .map(([key, value]) => `${key}:${value}`)
      .sort()
      .join(",");
    return fingerprintOf({ monitorId, scope });
  }
  return fingerprintOf({ title: title.text, scope: title.scope ?? "" });
}

/** Datadog wraps markdown bodies in `%%%` fences; they mean nothing outside Datadog. */
function cleanBody(body: string | undefined): string {
  return (body ?? "").replace(/^\s*%%%\s*$/gm, "").trim();
}

/**
 * Normalizes a Datadog webhook (default body or a custom template using the documented
 * variables) into one alert. Tags and scopes become labels (scopes win: they name the group that
 * triggered); namespace/service/cluster come from the Agent's `kube_*` tags first.
 *
 * `startsAt` is the notification's `date` (Datadog does not send the cycle's start); a Recovered
 * notification therefore has a later `startsAt` than its trigger, which downstream dedup handles
 * by resolving the latest open alert with the same fingerprint.
 *
 * @throws AlertEnvelopeError when the payload is not an object, has no title, or has invalid fields.
 */
export function normalizeDatadog(payload: unknown, options: NormalizeOptions): NormalizeResult {
  const datadog = parseEnvelope("datadog", datadogPayloadSchema, payload);
  const title = parseTitle(firstNonBlank(datadog.alert_title, datadog.title) ?? "");
  const transition = firstNonBlank(datadog.alert_transition) ?? title.transition;
  const status = datadogStatus(transition, datadog.alert_type);
  // Multi-alert titles name the group ("on {host:web-1}"), which is all the default body says about scope.
  // Templates expand an inapplicable variable to "", so an empty scope list means "not sent".
  const scopes = [datadog.scopes, datadog.alert_scope].find((value) => value !== undefined && value.length > 0);
  const scopeLabels = parseDatadogTags(scopes ?? title.scope?.slice(1, -1));
  const labels: Record<string, string> = {
    ...parseDatadogTags(datadog.tags),
    ...scopeLabels,
    ...toStringMap(
      {
        monitor_id: firstNonBlank(datadog.monitor_id, datadog.alert_id),
        priority: firstNonBlank(datadog.alert_priority, datadog.priority),
      },
      MAX_LABEL_VALUE_LENGTH,
    ),
  };
  const hostname = firstNonBlank(datadog.hostname);
  if (hostname && !labels.host) labels.host = boundText(hostname, MAX_LABEL_VALUE_LENGTH);
  const annotations = toStringMap(
    {
      // The transition changes with every notification, so it is an annotation, not an identifying label.
      alert_transition: transition,
      alert_status: firstNonBlank(datadog.alert_status),
      alert_query: firstNonBlank(datadog.alert_query),
      alert_metric: firstNonBlank(datadog.alert_metric),
      event_type: firstNonBlank(datadog.event_type),
      org: firstNonBlank(datadog.org?.name),
    },
    MAX_DESCRIPTION_LENGTH,
  );
  const happenedAt = datadog.date ?? datadog.last_updated ?? options.receivedAt;
  const monitorId = firstNonBlank(datadog.monitor_id, datadog.alert_id);

  return {
    alerts: [
      {
        source: "datadog",
        externalId: boundOptionalText(datadog.id, MAX_IDENTIFIER_LENGTH),
        fingerprint: datadogFingerprint(datadog, title, scopeLabels),
        status,
        severity: datadogSeverity(datadog, transition),
        name: boundText(title.text, MAX_NAME_LENGTH),
        summary: boundText(title.text, MAX_SUMMARY_LENGTH),
        description: boundText(cleanBody(datadog.body), MAX_DESCRIPTION_LENGTH),
        ...locationFromLabels(labels, DATADOG_LOCATION_KEYS),
        groupHint: monitorId
          ? boundText(`datadog-monitor:${monitorId}`, MAX_IDENTIFIER_LENGTH)
          : boundOptionalText(datadog.aggreg_key, MAX_IDENTIFIER_LENGTH),
        labels,
        annotations,
        startsAt: happenedAt,
        endsAt: status === "resolved" ? happenedAt : null,
        generatorUrl: boundOptionalText(firstNonBlank(datadog.url, datadog.link), MAX_URL_LENGTH),
        raw: payload,
      },
    ],
    skipped: [],
  };
}
