import { SEVERITY_RANK, type Severity } from "./types";

/** Severity assumed when a source sends none or one we do not recognize. */
export const DEFAULT_SEVERITY: Severity = "warning";

/**
 * Severity words seen across sources (Prometheus rule conventions, syslog levels, Zabbix-like
 * scales) mapped onto our four levels. Keys are lowercase.
 */
export const SEVERITY_ALIASES: Readonly<Record<string, Severity>> = {
  critical: "critical",
  crit: "critical",
  page: "critical",
  fatal: "critical",
  emergency: "critical",
  high: "high",
  error: "high",
  err: "high",
  major: "high",
  severe: "high",
  warning: "warning",
  warn: "warning",
  medium: "warning",
  moderate: "warning",
  minor: "warning",
  info: "info",
  informational: "info",
  notice: "info",
  low: "info",
  none: "info",
};

/** `P1`..`P5` / `SEV1`..`SEV5` (PagerDuty priorities, Datadog monitor priorities, incident-sev scales). */
const PRIORITY_PATTERN = /^(?:p|sev)[-_ ]?([0-5])$/i;

/** Priority number → severity. P0/P1 page, P2 is urgent, P3 is the normal queue, P4/P5 are informational. */
const SEVERITY_BY_PRIORITY: readonly Severity[] = ["critical", "critical", "high", "warning", "info", "info"];

/**
 * Maps a priority such as `P1`, `p3`, `SEV-2` to a severity; `null` when the value is not a
 * priority (e.g. PagerDuty accounts with custom priority names, or Datadog's event `normal`/`low`).
 */
export function severityFromPriority(priority: string | null | undefined): Severity | null {
  const match = priority ? PRIORITY_PATTERN.exec(priority.trim()) : null;
  if (!match?.[1]) return null;
  return SEVERITY_BY_PRIORITY[Number(match[1])] ?? null;
}

/**
 * Parses one severity value (a label such as `severity="page"`, a field such as `"sev1"`):
 * first the alias table, then the priority scale. `null` when unrecognized.
 */
export function parseSeverity(value: string | null | undefined): Severity | null {
  if (!value) return null;
  const word = value.trim().toLowerCase();
  return SEVERITY_ALIASES[word] ?? severityFromPriority(word);
}

/** {@link parseSeverity} with the {@link DEFAULT_SEVERITY} fallback: an unknown label still yields an alert. */
export function severityFromLabel(value: string | null | undefined): Severity {
  return parseSeverity(value) ?? DEFAULT_SEVERITY;
}

/**
 * Tokens that mark a free-text alert line as more or less severe than the default. Deliberately
 * narrow: words like "high" or "error" describe symptoms ("High error rate on cart") far more often
 * than severities in free text, so only explicit severity markers count here.
 */
const FREE_TEXT_SEVERITY_TOKENS: readonly { pattern: RegExp; severity: Severity }[] = [
  { pattern: /\b(?:critical|crit|emergency|(?:sev|p)[-_ ]?[01])\b/i, severity: "critical" },
  { pattern: /\b(?:sev|p)[-_ ]?2\b/i, severity: "high" },
  { pattern: /\b(?:sev|p)[-_ ]?[45]\b/i, severity: "info" },
];

/** `severity=high`, `severity: critical`, `[severity high]` spelled out in free text. */
const EXPLICIT_SEVERITY_PATTERN = /\bseverity\s*[=:]?\s*["']?([a-z0-9-]+)/i;

/**
 * Severity of a free-text alert line (the generic source's simple form): an explicit
 * `severity=<word>` wins; else the first of critical/crit/sev0/sev1/p0/p1 → critical,
 * sev2/p2 → high, sev4/sev5/p4/p5 → info; else {@link DEFAULT_SEVERITY}.
 */
export function severityFromText(text: string): Severity {
  const explicit = parseSeverity(EXPLICIT_SEVERITY_PATTERN.exec(text)?.[1]);
  if (explicit) return explicit;
  return FREE_TEXT_SEVERITY_TOKENS.find(({ pattern }) => pattern.test(text))?.severity ?? DEFAULT_SEVERITY;
}

/** The less severe of `severity` and `ceiling` (e.g. a Datadog "Warn" transition never pages above warning). */
export function capSeverity(severity: Severity, ceiling: Severity): Severity {
  return SEVERITY_RANK[severity] > SEVERITY_RANK[ceiling] ? ceiling : severity;
}
