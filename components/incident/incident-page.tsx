"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo } from "react";
import { deriveIncidentView } from "@/lib/events/derive-incident-view";
import { incidentQueries } from "../incident-queries";
import { DiagnosisPanel } from "./diagnosis-panel";
import { HealthPanel } from "./health-panel";
import { IncidentAlerts } from "./incident-alerts";
import { IncidentHeader } from "./incident-header";
import { IncidentTimeline } from "./incident-timeline";
import { MitigationCard } from "./mitigation-card";
import { useIncidentEventStream } from "./use-incident-event-stream";
import { AskBox } from "../memory/ask-box";
import { SimilarIncidentsPanel } from "../memory/similar-incidents-panel";
import { IncidentTopology } from "./incident-topology";

/** The live incident page: header, mitigation cards, diagnosis, health charts, timeline, alerts. */
export function IncidentPage({ id }: { id: string }) {
  const incident = useQuery(incidentQueries.detail(id));
  const events = useQuery(incidentQueries.events(id));
  const stream = useIncidentEventStream(id, events.isSuccess);
  const items = events.data?.items;
  const view = useMemo(() => deriveIncidentView(items ?? []), [items]);

  if (incident.isError) {
    return (
      <div className="panel" role="alert">
        <h1>Incident not available</h1>
        <p className="error">{incident.error.message}</p>
        <p>
          <Link href="/">Back to the incident list</Link>
        </p>
      </div>
    );
  }
  if (!incident.data) return <p className="muted">Loading incident…</p>;
  const data = incident.data;
  const approvedAt = view.transactions.find((t) => t.decision?.kind === "approved")?.decision?.at ?? null;
  // Newest proposal first: the one an operator acts on.
  const transactions = [...view.transactions].reverse();

  return (
    <article className="incident-page">
      {stream === "down" ? (
        <div className="banner" role="status" data-testid="stream-banner">
          <span aria-hidden="true">⚠</span> Live updates are interrupted; reconnecting. Nothing is lost: the timeline resumes where it stopped.
        </div>
      ) : null}
      <IncidentHeader incident={data} firstEntered={view.firstEntered} approvedAt={approvedAt} reasoner={view.reasoner} tokens={view.tokens} />
      <p className="muted small" data-testid="stream-status">
        <span aria-hidden="true">{stream === "live" ? "● " : "○ "}</span>
        {stream === "live" ? "live" : stream === "connecting" ? "connecting…" : "reconnecting…"}
      </p>

      <div className="incident-grid">
        <div className="col-main">
          {transactions.length > 0 ? (
            <section aria-labelledby="mitigations-heading" id="mitigation">
              <h2 id="mitigations-heading">Mitigations</h2>
              {transactions.map((tx) => (
                <MitigationCard key={tx.transactionId} incidentId={id} tx={tx} />
              ))}
            </section>
          ) : null}
          <DiagnosisPanel diagnosis={view.diagnosis} />
          <AskBox incidentId={id} />
          <HealthPanel incidentId={id} live={data.open} />
          {data.namespace ? <IncidentTopology namespace={data.namespace} faulty={view.diagnosis?.faultyObject ?? null} /> : null}
          <SimilarIncidentsPanel incidentId={id} />
        </div>
        <div className="col-side">
          {events.isError ? <p className="error">Could not load the timeline: {events.error.message}</p> : null}
          {events.isPending ? <p className="muted">Loading timeline…</p> : <IncidentTimeline events={items ?? []} />}
        </div>
      </div>
      <IncidentAlerts incidentId={id} />
    </article>
  );
}
