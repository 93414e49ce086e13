"use client";

import { useEffect, useState } from "react";
import type { IncidentDetail } from "@/lib/incidents/incident-views";
import { SeverityBadge, StateBadge } from "../badges";
import { formatDuration, formatTimestamp } from "../format-time";

/** Ticks once a second so "time since trigger" stays current. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export interface IncidentHeaderProps {
  incident: IncidentDetail;
  /** First entry into each state (from the event log). */
  firstEntered: Partial<Record<string, string>>;
  /** First human or policy approval. */
  approvedAt: string | null;
  reasoner: string | null;
  /** Model tokens used so far (shown with the LLM reasoner). */
  tokens?: { input: number; output: number };
}

/** Title, severity, state, where, age and the MTTx figures known so far. */
export function IncidentHeader({ incident, firstEntered, approvedAt, reasoner, tokens }: IncidentHeaderProps) {
  const now = useNow();
  const triggered = Date.parse(incident.triggeredAt);
  const since = (iso: string | null | undefined) => (iso ? formatDuration(Date.parse(iso) - triggered) : null);
  const figures = [
    { label: "MTTD", title: "time to detect: trigger to confirmed", value: since(firstEntered.DIAGNOSING) },
    { label: "MTTA", title: "time to approve: trigger to approval", value: since(approvedAt) },
    { label: "MTTM", title: "time to mitigate: trigger to committed fix", value: since(incident.mitigatedAt ?? firstEntered.MITIGATED) },
    { label: "MTTR", title: "time to resolve: trigger to resolved", value: since(incident.resolvedAt) },
  ];
  const end = !incident.open && incident.closedAt ? Date.parse(incident.closedAt) : now;
  return (
    <header className="incident-header">
      <h1 data-testid="incident-title">{incident.title}</h1>
      <div className="header-badges">
        <SeverityBadge severity={incident.severity} />
        <StateBadge state={incident.state} resolved={!incident.open} />
        <span className="muted">{[incident.cluster, incident.namespace, incident.service].filter(Boolean).join(" / ") || "no cluster, namespace or service named"}</span>
      </div>
      <dl className="facts facts-inline">
        <div>
          <dt>{incident.open ? "Open for" : "Lasted"}</dt>
          <dd data-testid="incident-age" title={`triggered ${formatTimestamp(incident.triggeredAt)}`}>
            {formatDuration(end - triggered)}
          </dd>
        </div>
        {figures.map((f) => (
          <div key={f.label}>
            <dt>
              <abbr title={f.title}>{f.label}</abbr>
            </dt>
            <dd data-testid={`figure-${f.label.toLowerCase()}`}>{f.value ?? <span className="muted">not yet</span>}</dd>
          </div>
        ))}
        <div>
          <dt>Reasoner</dt>
          <dd>
            {reasoner ?? <span className="muted">not chosen yet</span>}
            {tokens && tokens.input + tokens.output > 0 ? <span className="muted"> · {tokens.input.toLocaleString("en")} in / {tokens.output.toLocaleString("en")} out tokens</span> : null}
          </dd>
        </div>
      </dl>
    </header>
  );
}
