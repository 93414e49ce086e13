import { z } from "zod";

/**
 * ISO 8601 / RFC 3339 date-time: `2024-05-01T12:00:00Z`, `2018-08-03T09:52:26.739266876+02:00`,
 * `2024-05-01 12:00:00+0200`. A time is required (a bare date is too coarse to order alerts by).
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch values below this are seconds, above it milliseconds (1e11 ms is 1973; 1e11 s is year 5138). */
const EPOCH_SECONDS_BELOW = 1e11;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function offsetMinutes(offset: string | undefined): number | null {
  if (!offset || offset === "Z" || offset === "z") return 0;
  const sign = offset.startsWith("-") ? -1 : 1;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

/**
 * Parses an ISO 8601 / RFC 3339 date-time, strictly: impossible dates (`2024-02-30`) and
 * out-of-range times are rejected, which `Date.parse` would silently roll over. Fractions beyond
 * milliseconds (Go's nanoseconds) are truncated. A missing offset means UTC, so the result never
 * depends on the server's time zone. Returns `null` when invalid.
 */
export function parseIsoTimestamp(value: string): Date | null {
  const match = ISO_DATE_TIME.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction, offset] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  // A leap second (:60) is kept inside its minute rather than rolled over.
  const second = Math.min(Number(s ?? "0"), 59);
  const millis = Number((fraction ?? "").slice(0, 3).padEnd(3, "0"));
  const offsetMin = offsetMinutes(offset);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || Number(s ?? "0") > 60 || offsetMin === null) return null;
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999, and Go's zero time is year 1.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - offsetMin * 60_000);
}

/**
 * Parses an epoch timestamp (number or digit string, as Datadog's `$DATE` sends): milliseconds,
 * or seconds when below {@link EPOCH_SECONDS_BELOW}. Returns `null` when invalid.
 */
export function parseEpochTimestamp(value: number | string): Date | null {
  const epoch = typeof value === "number" ? value : /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isFinite(epoch) || epoch <= 0) return null;
  const date = new Date(epoch < EPOCH_SECONDS_BELOW ? epoch * 1000 : epoch);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Go's zero `time.Time` (`0001-01-01T00:00:00Z`), which Alertmanager and Grafana send for an unset
 * `endsAt`. Anything in year 1 or earlier is treated as unset.
 */
export function isUnsetTimestamp(date: Date): boolean {
  return date.getUTCFullYear() <= 1;
}

const ISO_EXPECTED = "expected an ISO 8601 / RFC 3339 date-time such as 2024-05-01T12:00:00Z";

/** Zod schema: ISO 8601 / RFC 3339 string → `Date`; an issue at the field's path when invalid. */
export const isoTimestampSchema = z.string({ error: ISO_EXPECTED }).transform((value, ctx) => {
  const date = parseIsoTimestamp(value);
  if (date) return date;
  ctx.addIssue({ code: "custom", message: `${ISO_EXPECTED}, got "${value.slice(0, 64)}"` });
  return z.NEVER;
});

const ANY_EXPECTED = "expected an ISO 8601 date-time or an epoch timestamp in milliseconds";

/** Zod schema: ISO 8601 string, or epoch milliseconds (number or digit string) → `Date`. */
export const isoOrEpochTimestampSchema = z
  .union([z.string(), z.number()], { error: ANY_EXPECTED })
  .transform((value, ctx) => {
    const date =
      typeof value === "number" || /^\d+(\.\d+)?$/.test(value.trim())
        ? parseEpochTimestamp(value)
        : parseIsoTimestamp(value);
    if (date) return date;
    ctx.addIssue({ code: "custom", message: `${ANY_EXPECTED}, got "${String(value).slice(0, 64)}"` });
    return z.NEVER;
  });
