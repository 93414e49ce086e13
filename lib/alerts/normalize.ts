import { normalizeAlertmanager } from "./normalizers/alertmanager";
import { normalizeDatadog } from "./normalizers/datadog";
import { normalizeGeneric } from "./normalizers/generic";
import { normalizeGrafana } from "./normalizers/grafana";
import { normalizePagerDuty } from "./normalizers/pagerduty";
import type { AlertSource, Normalizer, NormalizeOptions, NormalizeResult } from "./types";

/** The normalizer for each source; a new source fails to compile until it has one. */
export const ALERT_NORMALIZERS: Readonly<Record<AlertSource, Normalizer>> = {
  alertmanager: normalizeAlertmanager,
  grafana: normalizeGrafana,
  pagerduty: normalizePagerDuty,
  datadog: normalizeDatadog,
  generic: normalizeGeneric,
};

/**
 * Normalizes a webhook payload (already JSON-parsed) from `source` into alerts. Pure: no I/O, no
 * clock (the receipt time comes in `options`).
 *
 * @returns the alerts to store, the batch items skipped as invalid, and an `ignoredReason` when
 *   the notification is valid but carries nothing to store (answer 200).
 * @throws AlertEnvelopeError when the payload's envelope is invalid (answer 422 with its issues).
 */
export function normalizeAlertPayload(
  source: AlertSource,
  payload: unknown,
  options: NormalizeOptions,
): NormalizeResult {
  return ALERT_NORMALIZERS[source](payload, options);
}
