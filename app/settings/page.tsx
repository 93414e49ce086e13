import { getAppContext } from "@/lib/app-context";
import { getClusterStatus } from "@/lib/cluster/cluster-status";
import { ALERT_SOURCES } from "@/lib/alerts/types";
import { maskToken } from "@/lib/webhooks/webhook-tokens";
import { RevealToken } from "@/components/reveal-token";

export const dynamic = "force-dynamic";

// Settings: where to send alerts and with which token.
export default async function SettingsPage() {
  const { env, webhookTokens } = getAppContext();
  const cluster = await getClusterStatus({ kubeconfigPath: env.kubeconfigPath });
  return (
    <section>
      <h1>Settings</h1>
      <h2>Alert webhooks</h2>
      <p className="muted">
        Send each source to its URL with <code>Authorization: Bearer &lt;token&gt;</code> (or <code>?token=</code> when the sender cannot set
        headers). PagerDuty may instead sign with <code>PAGERDUTY_WEBHOOK_SECRET</code>
        {env.pagerDutySecrets.length > 0 ? " (configured)" : " (not configured)"}.
      </p>
      <table data-testid="webhook-table">
        <thead>
          <tr>
            <th>Source</th>
            <th>URL</th>
            <th>Token</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_SOURCES.map((source) => (
            <tr key={source}>
              <td>{source}</td>
              <td>
                <code>{`${env.publicUrl}/api/webhooks/${source}`}</code>
              </td>
              <td>
                {webhookTokens.generatedFor.includes(source) ? (
                  <RevealToken token={webhookTokens.bySource[source]} masked={maskToken(webhookTokens.bySource[source])} />
                ) : (
                  <span>
                    <code>{maskToken(webhookTokens.bySource[source])}</code> <span className="muted">(set by environment)</span>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {webhookTokens.generatedToken ? (
        <p className="muted">
          The generated token is stored in <code>{env.dataDir}/webhook-token</code>. Set <code>WEBHOOK_TOKEN</code> to choose your own.
        </p>
      ) : null}
      <h2>Cluster</h2>
      <dl className="facts" data-testid="cluster-status">
        <dt>Source</dt>
        <dd>{env.simulator.enabled ? `built-in simulated cluster (seed ${env.simulator.seed}, clock x${env.simulator.speed})` : "kubeconfig"}</dd>
        <dt>Kubeconfig</dt>
        <dd>
          <code>{env.kubeconfigPath ?? "~/.kube/config or in-cluster service account"}</code>
        </dd>
        <dt>Context</dt>
        <dd>{cluster.context ?? "—"}</dd>
        <dt>API server</dt>
        <dd>
          <code>{cluster.server ?? "—"}</code>{" "}
          {cluster.reachable ? (
            <span className="state-resolved">✓ reachable, {cluster.version}</span>
          ) : (
            <span className="error">✗ not reachable: {cluster.error}</span>
          )}
        </dd>
      </dl>
      {env.simulator.enabled ? (
        <p className="muted">
          kubectl works against it too: <code>KUBECONFIG={env.kubeconfigPath} kubectl get pods -A</code>
        </p>
      ) : null}
      <h2>Storage</h2>
      <p>
        Database: <code>{env.databaseProvider}</code>
      </p>
    </section>
  );
}
