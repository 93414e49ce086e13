/** Teaches the first step: how to send an alert, with a curl line that works as shown. */
export function SendTestAlertHint({ webhookUrl, token }: { webhookUrl: string; token: string }) {
  const curl = `curl -X POST '${webhookUrl}/generic' \\
  -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\
  -d '{"name":"HighErrorRatio","severity":"critical","service":"checkout","namespace":"shop","description":"5xx ratio above 5% for 5 minutes"}'`;
  return (
    <div className="panel" data-testid="empty-state">
      <p>
        <strong>No incidents yet.</strong> Point Alertmanager, Grafana, PagerDuty or Datadog at the webhook URLs on the{" "}
        <a href="/settings">Settings</a> page, or send a test alert:
      </p>
      <pre>{curl}</pre>
    </div>
  );
}
