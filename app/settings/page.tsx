import { headers } from "next/headers";
import { getAppContext } from "@/lib/app-context";
import { getOperatorFromHeaders } from "@/lib/auth/get-operator";
import { getClusterStatus } from "@/lib/cluster/cluster-status";
import { ALERT_SOURCES } from "@/lib/alerts/types";
import { maskToken } from "@/lib/webhooks/webhook-tokens";
import { RevealToken } from "@/components/reveal-token";
import { FaultPanel } from "@/components/demo/fault-panel";
import { describeReasoner } from "@/lib/reasoning/llm/describe-reasoner";

export const dynamic = "force-dynamic";

// Settings: where to send alerts and with which token.
export default async function SettingsPage() {
  const { env, webhookTokens } = getAppContext();
  const cluster = await getClusterStatus({ kubeconfigPath: env.kubeconfigPath });
  const reasoner = describeReasoner({ env });
  // Webhook tokens are secrets: only admins may reveal them.
  const isAdmin = (await getOperatorFromHeaders(await headers()))?.role === "admin";
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
                {isAdmin && webhookTokens.generatedFor.includes(source) ? (
                  <RevealToken token={webhookTokens.bySource[source]} masked={maskToken(webhookTokens.bySource[source])} />
                ) : (
                  <span>
                    <code>{maskToken(webhookTokens.bySource[source])}</code>{" "}
                    <span className="muted">{webhookTokens.generatedFor.includes(source) ? "(an admin can reveal it)" : "(set by environment)"}</span>
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
      {env.simulator.enabled ? (
        <>
          <h2>Demo faults</h2>
          <FaultPanel />
        </>
      ) : null}
      <h2>Reasoner</h2>
      <dl className="facts" data-testid="reasoner">
        <dt>Active</dt>
        <dd>
          {reasoner.kind === "llm" ? (
            <>
              LLM <code>{reasoner.model}</code> at <code>{reasoner.baseUrl}</code> {reasoner.apiKeySet ? "(API key set)" : "(no API key)"}
            </>
          ) : (
            <>
              rules (deterministic analyzers and playbooks) <span className="muted">— {reasoner.reason}</span>
            </>
          )}
        </dd>
        {reasoner.models ? (
          <>
            <dt>Per agent</dt>
            <dd>
              detection <code>{reasoner.models.detection}</code>, diagnosis <code>{reasoner.models.diagnosis}</code>, mitigation <code>{reasoner.models.mitigation}</code>
            </dd>
          </>
        ) : null}
        {reasoner.limits ? (
          <>
            <dt>Limits</dt>
            <dd>
              {reasoner.limits.maxTurns} model requests per agent, {reasoner.limits.tokenBudget.toLocaleString("en")} tokens per incident, {reasoner.limits.timeoutMs / 1000} s timeout
            </dd>
          </>
        ) : null}
        <dt>Metrics</dt>
        <dd>{env.metrics.source === "none" ? "none (set PROMETHEUS_URL or run the simulator)" : <><code>{env.metrics.source}</code> at <code>{env.metrics.baseUrl}</code></>}</dd>
        <dt>Runbooks</dt>
        <dd>
          <code>{env.memory.runbooksDir}</code>, {env.memory.embeddings ? <>BM25 + embeddings <code>{env.memory.embeddings.model}</code></> : "BM25 (set EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL for hybrid search)"}
        </dd>
        <dt>Web research</dt>
        <dd>{env.memory.searxngUrl ? <code>{env.memory.searxngUrl}</code> : "off (set SEARXNG_URL)"}</dd>
      </dl>
      <h2>Autopilot</h2>
      {Object.keys(env.autopilot).length === 0 ? (
        <p data-testid="autopilot">Off: every mitigation waits for a human. Set <code>AUTOPILOT</code>, e.g. <code>{'{"shop":"low"}'}</code>, to auto-approve actions up to a risk level per namespace.</p>
      ) : (
        <table data-testid="autopilot">
          <thead>
            <tr>
              <th>Namespace</th>
              <th>Auto-approves up to</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(env.autopilot).map(([namespace, risk]) => (
              <tr key={namespace}>
                <td>{namespace}</td>
                <td>{risk} risk</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Storage</h2>
      <p>
        Database: <code>{env.databaseProvider}</code>
      </p>
    </section>
  );
}
