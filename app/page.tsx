import { FaultPanel } from "@/components/demo/fault-panel";
import { IncidentList } from "@/components/incident-list";
import { getAppContext } from "@/lib/app-context";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const { env, webhookTokens } = getAppContext();
  return (
    <>
      <IncidentList webhookUrl={`${env.publicUrl}/api/webhooks`} token={webhookTokens.bySource.generic} />
      {env.simulator.enabled ? (
        <details className="demo-panel" open>
          <summary>Demo: break the simulated shop</summary>
          <FaultPanel />
        </details>
      ) : null}
    </>
  );
}
