import "server-only";
import type { IngestedAlert, IngestResult } from "../alerts/ingest-alerts";
import { normalizeAlertPayload } from "../alerts/normalize";
import { verifyPagerDutySignature } from "../alerts/pagerduty-signature";
import { AlertEnvelopeError, alertSourceSchema, type AlertSource, type NormalizedAlert, type SkippedAlert } from "../alerts/types";
import { ApiError } from "../http/api-error";
import type { Logger } from "../log";
import { readLimitedBody } from "./read-limited-body";
import { presentedToken, tokensMatch } from "./verify-token";

export interface ReceiveWebhookOptions {
  /** The `{source}` path segment, not yet validated. */
  source: string;
  request: Request;
  /** Stores normalized alerts (the app passes its group-commit batcher). */
  ingest: (alerts: NormalizedAlert[]) => Promise<IngestResult>;
  /** The token each source must present. */
  tokens: Record<AlertSource, string>;
  /** PagerDuty signing secrets; when set, a valid `X-PagerDuty-Signature` also authenticates. */
  pagerDutySecrets: string[];
  log: Logger;
  now?: Date;
}

export interface WebhookAccepted {
  status: 202;
  body: {
    accepted: number;
    alerts: Pick<IngestedAlert, "id" | "fingerprint" | "status" | "outcome" | "incidentId">[];
    incidentIds: string[];
    skipped: SkippedAlert[];
  };
}

export interface WebhookIgnored {
  status: 200;
  body: { accepted: 0; ignored: string; skipped: SkippedAlert[] };
}

/**
 * One webhook delivery, from raw request to stored alerts: source, authentication, size, JSON,
 * envelope validation, then one transaction. Every refusal happens before anything is stored.
 */
export async function receiveWebhook(options: ReceiveWebhookOptions): Promise<WebhookAccepted | WebhookIgnored> {
  const parsedSource = alertSourceSchema.safeParse(options.source);
  if (!parsedSource.success) {
    throw new ApiError("not_found", `unknown alert source "${options.source}"; expected one of ${alertSourceSchema.options.join(", ")}`);
  }
  const source = parsedSource.data;
  const { request } = options;

  const tokenOk = tokensMatch(presentedToken(request), options.tokens[source]);
  // PagerDuty cannot always send a bearer token; its signature over the body authenticates instead.
  const mayUseSignature = source === "pagerduty" && options.pagerDutySecrets.length > 0 && request.headers.has("x-pagerduty-signature");
  if (!tokenOk && !mayUseSignature) {
    throw new ApiError("unauthorized", "missing or invalid webhook token: send `Authorization: Bearer <token>` or `?token=<token>`");
  }

  const rawBody = await readLimitedBody(request);
  if (!tokenOk) {
    const signed = verifyPagerDutySignature({
      rawBody,
      header: request.headers.get("x-pagerduty-signature"),
      secrets: options.pagerDutySecrets,
    });
    if (!signed) throw new ApiError("unauthorized", "X-PagerDuty-Signature does not match the body under any configured secret");
  }

  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch (error) {
    throw new ApiError("bad_request", `request body is not valid JSON: ${(error as Error).message}`);
  }

  const now = options.now ?? new Date();
  let normalized;
  try {
    normalized = normalizeAlertPayload(source, payload, { receivedAt: now });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) {
      throw new ApiError("unprocessable", `invalid ${source} webhook payload`, error.issues);
    }
    throw error;
  }

  if (normalized.alerts.length === 0) {
    const ignored = normalized.ignoredReason ?? "no valid alerts in the payload";
    if (normalized.skipped.length > 0 && !normalized.ignoredReason) {
      throw new ApiError(
        "unprocessable",
        "no alert in the batch is valid",
        normalized.skipped.map((s) => ({ path: `alerts[${s.index}]`, message: s.reason })),
      );
    }
    options.log.info("webhook.ignored", { source, reason: ignored });
    return { status: 200, body: { accepted: 0, ignored, skipped: normalized.skipped } };
  }

  const result = await options.ingest(normalized.alerts);
  options.log.info("webhook.accepted", {
    source,
    alerts: result.alerts.length,
    skipped: normalized.skipped.length,
    incidents: result.incidentIds.length,
  });
  return {
    status: 202,
    body: { accepted: result.alerts.length, alerts: result.alerts, incidentIds: result.incidentIds, skipped: normalized.skipped },
  };
}
