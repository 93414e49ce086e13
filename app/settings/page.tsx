import { headers } from "next/headers";
import { getAppContext } from "@/lib/app-context";
import { getOperatorFromHeaders } from "@/lib/auth/get-operator";
import { getClusterStatus } from "@/lib/cluster/cluster-status";
import { ALERT_SOURCES } from "@/lib/alerts/types";
import { maskToken } from "@/lib/webhooks/webhook-tokens";
import { RevealToken } from "@/components/reveal-token";
import { FaultPanel } from "@/components/demo/fault-panel";
import { describeReasoner } from "@/lib/reasoning/llm/describe-reasoner";
import { listAutopilotPolicies } from "@/lib/autopilot/autopilot-policies";
import { AutopilotEditor, PolicySource } from "@/components/settings/autopilot-editor";
import { CopyButton } from "@/components/settings/copy-button";
import { RotateToken } from "@/components/settings/rotate-token";

export const dynamic = "force-dynamic";

// Settings: where to send alerts and with which token.
export default async function SettingsPage() {
  const { env, db, webhookTokens, operatorToken } = getAppContext();
  const cluster = await getClusterStatus({ kubeconfigPath: env.kubeconfigPath });
  const reasoner = describeReasoner({ env });
  // Webhook tokens are secrets: only admins may reveal them.
  const isAdmin = (await getOperatorFromHeaders(await headers()))?.role === "admin";
  const autopilotPolicies = await listAutopilotPolicies({ db, envDefault: env.autopilot });
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
                <code>{`${env.publicUrl}/api/webhooks/${source}`}</code>{" "}
                <CopyButton text={`${env.publicUrl}/api/webhooks/${source}`} label={`Copy the ${source} webhook URL`} />
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
      {isAdmin && webhookTokens.generatedToken ? (
        <RotateToken
          kind="webhook"
          whoMustUpdate={`every sender using it (${webhookTokens.generatedFor.join(", ")})`}
          note={env.simulator.enabled ? "The built-in simulated cluster reads the new token by itself at its next alert." : undefined}
        />
      ) : null}
      {isAdmin ? (
        <>
          <h2>Operator token</h2>
          <p className="muted">
            Automation calls the API with <code>Authorization: Bearer &lt;operator token&gt;</code> and acts as an admin.
          </p>
          <p data-testid="operator-token">
            <code>{maskToken(operatorToken)}</code>{" "}
            {env.operatorToken ? (
              <span className="muted">
                (set by environment: change <code>OPERATOR_TOKEN</code> and restart to rotate it)
              </span>
            ) : (
              <span className="muted">
                (generated, stored in <code>{env.dataDir}/operator-token</code>)
              </span>
            )}
          </p>
          {env.operatorToken ? null : <RotateToken kind="operator" whoMustUpdate="every script and integration that uses the operator token" />}
        </>
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
      <p className="muted">
        Per namespace, the highest action risk approved without a human (every auto-approval is recorded as such). Policies set here override the{" "}
        <code>AUTOPILOT</code> environment default{Object.keys(env.autopilot).length > 0 ? <> (<code>{JSON.stringify(env.autopilot)}</code>)</> : " (not set: off)"}.
      </p>
      {isAdmin ? (
        <AutopilotEditor initialPolicies={autopilotPolicies} suggestedNamespaces={env.simulator.enabled ? ["shop"] : []} />
      ) : autopilotPolicies.length === 0 ? (
        <p data-testid="autopilot">Off: every mitigation waits for a human. An admin can set a policy per namespace here, or set <code>AUTOPILOT</code>, e.g. <code>{'{"shop":"low"}'}</code>.</p>
      ) : (
        <table data-testid="autopilot">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col">Auto-approves up to</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {autopilotPolicies.map((policy) => (
              <tr key={policy.namespace}>
                <td>{policy.namespace}</td>
                <td>{policy.maxRisk === "off" ? "off (a human approves)" : `${policy.maxRisk} risk`}</td>
                <td>
                  <PolicySource policy={policy} />
                </td>
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
