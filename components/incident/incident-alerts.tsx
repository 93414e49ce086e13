"use client";

import { useQuery } from "@tanstack/react-query";
import { SeverityBadge } from "../badges";
import { formatTimestamp } from "../format-time";
import { incidentQueries } from "../incident-queries";

/** The incident's alerts, firing first. */
export function IncidentAlerts({ incidentId }: { incidentId: string }) {
  const alerts = useQuery(incidentQueries.alerts(incidentId));
  return (
    <section aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Alerts ({alerts.data?.total ?? "…"})</h2>
      {alerts.isError ? <p className="error">Could not load alerts: {alerts.error.message}</p> : null}
      {alerts.data ? (
        <div className="table-scroll">
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
                    <SeverityBadge severity={alert.severity} />{" "}
                    <span className={alert.status === "resolved" ? "state-resolved" : ""}>
                      <span aria-hidden="true">{alert.status === "resolved" ? "✓ " : "● "}</span>
                      {alert.status}
                    </span>
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
        </div>
      ) : null}
    </section>
  );
}
