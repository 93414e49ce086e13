"use client";

import { useQuery } from "@tanstack/react-query";
import { SeverityBadge, StateBadge } from "./badges";
import { formatTimestamp } from "./format-time";
import { incidentQueries } from "./incident-queries";

/** The incident's facts, alerts and event log (the full incident page builds on this). */
export function IncidentDetailView({ id }: { id: string }) {
  const incident = useQuery(incidentQueries.detail(id));
  const alerts = useQuery(incidentQueries.alerts(id));
  const events = useQuery(incidentQueries.events(id));

  if (incident.isError) {
    return (
      <p className="error" role="alert">
        Could not load incident: {incident.error.message}
      </p>
    );
  }
  if (!incident.data) return <p className="muted">Loading incident…</p>;
  const data = incident.data;

  return (
    <article>
      <h1 data-testid="incident-title">{data.title}</h1>
      <div className="panel">
        <dl className="facts">
          <dt>Severity</dt>
          <dd>
            <SeverityBadge severity={data.severity} />
          </dd>
          <dt>State</dt>
          <dd>
            <StateBadge state={data.state} resolved={!data.open} />
          </dd>
          <dt>Where</dt>
          <dd>{[data.cluster, data.namespace, data.service].filter(Boolean).join(" / ") || "—"}</dd>
          <dt>Triggered</dt>
          <dd>{formatTimestamp(data.triggeredAt)}</dd>
          {data.resolvedAt ? (
            <>
              <dt>Resolved</dt>
              <dd>{formatTimestamp(data.resolvedAt)}</dd>
            </>
          ) : null}
        </dl>
      </div>

      <h2>Alerts ({alerts.data?.total ?? "…"})</h2>
      {alerts.isError ? <p className="error">Could not load alerts: {alerts.error.message}</p> : null}
      {alerts.data ? (
        <table data-testid="alert-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Alert</th>
              <th className="hide-narrow">Source</th>
              <th className="hide-narrow">Started</th>
            </tr>
          </thead>
          <tbody>
            {alerts.data.items.map((alert) => (
              <tr key={alert.id} data-testid="alert-row">
                <td>
                  <SeverityBadge severity={alert.severity} /> <span className={alert.status === "resolved" ? "state-resolved" : ""}>{alert.status}</span>
                </td>
                <td>
                  <strong>{alert.name}</strong>
                  <div>{alert.summary}</div>
                  {alert.description ? <div className="muted">{alert.description}</div> : null}
                  {alert.receivedCount > 1 ? <div className="muted">received {alert.receivedCount} times</div> : null}
                </td>
                <td className="hide-narrow">{alert.source}</td>
                <td className="hide-narrow">{formatTimestamp(alert.startsAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2>Event log</h2>
      {events.isError ? <p className="error">Could not load events: {events.error.message}</p> : null}
      {events.data ? (
        <ol className="timeline" data-testid="event-log">
          {events.data.items.map((event) => (
            <li key={event.id} data-testid="event">
              <code>{event.type}</code> <span className="muted">{formatTimestamp(event.createdAt)}</span>
              <div className="muted">
                {Object.entries(event.payload)
                  .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
                  .join(" · ")}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </article>
  );
}
