/**
 * Upper bounds on the text a normalized alert may carry, so a runaway template or a hostile sender
 * cannot push megabytes into the database or into an agent's prompt. Longer values are cut and end
 * with "…" so readers can tell.
 */

/** `NormalizedAlert.name`: a rule or monitor name. */
export const MAX_NAME_LENGTH = 200;
/** `NormalizedAlert.summary`: one line for lists. */
export const MAX_SUMMARY_LENGTH = 500;
/** `NormalizedAlert.description` and each annotation value. */
export const MAX_DESCRIPTION_LENGTH = 10_000;
/** Each label value; labels identify an alert and are shown as chips, never as prose. */
export const MAX_LABEL_VALUE_LENGTH = 1_000;
/** Label and annotation keys. */
export const MAX_KEY_LENGTH = 200;
/** `cluster`, `namespace`, `service`, `groupHint`, ids: 253 is the longest Kubernetes object name (DNS subdomain). */
export const MAX_IDENTIFIER_LENGTH = 253;
/** `generatorUrl`: practical URL limit of browsers and proxies. */
export const MAX_URL_LENGTH = 2_048;

const ELLIPSIS = "…";

/**
 * Trims `value` and cuts it to at most `max` characters (UTF-16 units), ending with "…" when cut.
 * Never leaves half of a surrogate pair at the cut.
 */
export function boundText(value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length <= max) return trimmed;
  let cut = trimmed.slice(0, Math.max(0, max - ELLIPSIS.length));
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trimEnd() + ELLIPSIS;
}

/**
 * {@link boundText} for optional fields: `null` for missing or blank values, so "" never stands
 * in for "unknown" downstream.
 */
export function boundOptionalText(value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  const bounded = boundText(value, max);
  return bounded === "" ? null : bounded;
}

/** The first non-blank of `values`, trimmed; `undefined` when all are missing or blank. */
export function firstNonBlank(...values: (string | null | undefined)[]): string | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}
