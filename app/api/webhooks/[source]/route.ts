import { getAppContext } from "@/lib/app-context";
import { jsonResponse, withRoute } from "@/lib/http/route";
import { receiveWebhook } from "@/lib/webhooks/receive-webhook";

// POST /api/webhooks/{source}: an alert notification from Alertmanager, Grafana, PagerDuty, Datadog or a generic sender.
export const POST = withRoute(async (request, { params, log }) => {
  const { env, webhookTokens, alertIngestor } = getAppContext();
  const result = await receiveWebhook({
    source: String(params.source),
    request,
    ingest: (alerts) => alertIngestor.submit(alerts),
    tokens: webhookTokens.bySource,
    pagerDutySecrets: env.pagerDutySecrets,
    log,
  });
  return jsonResponse(result.body, result.status);
});
