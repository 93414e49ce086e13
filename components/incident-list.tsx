"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { SeverityBadge, StateBadge } from "./badges";
import { formatDuration } from "./format-time";
import { incidentQueries } from "./incident-queries";
import { SendTestAlertHint } from "./send-test-alert-hint";

type StatusFilter = "open" | "closed" | "all";

/** Ticks once a second so ages stay current between refetches. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function IncidentList({ webhookUrl, token }: { webhookUrl: string; token: string }) {
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  const query = useQuery(incidentQueries.list(status, page));
  const now = useNow();

  return (
    <section aria-labelledby="incidents-heading">
      <div className="toolbar">
        <h1 id="incidents-heading" style={{ margin: 0 }}>
          Incidents
        </h1>
        <label>
          Show{" "}
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.target.value as StatusFilter);
              setPage(1);
            }}
          >
            <option value="all">all</option>
            <option value="open">open</option>
            <option value="closed">closed</option>
          </select>
        </label>
        {query.isFetching ? <span className="muted">refreshing…</span> : null}
      </div>

      {query.isError ? (
        <p className="error" role="alert">
          Could not load incidents: {query.error.message}
        </p>
      ) : null}
      {query.isPending ? <p className="muted">Loading incidents…</p> : null}

      {query.data && query.data.total === 0 && status === "all" ? <SendTestAlertHint webhookUrl={webhookUrl} token={token} /> : null}
      {query.data && query.data.total === 0 && status !== "all" ? <p className="muted">No {status} incidents.</p> : null}

      {query.data && query.data.items.length > 0 ? (
        <table data-testid="incident-table">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Title</th>
              <th>Service</th>
              <th>State</th>
              <th className="hide-narrow">Age</th>
              <th className="hide-narrow">Alerts</th>
            </tr>
          </thead>
          <tbody>
            {query.data.items.map((incident) => (
              <tr key={incident.id} data-testid="incident-row">
                <td>
                  <SeverityBadge severity={incident.severity} />
                </td>
                <td>
                  <Link href={`/incidents/${incident.id}`}>{incident.title}</Link>
                </td>
                <td>
                  {incident.service ?? <span className="muted">—</span>}
                  {incident.namespace ? <div className="muted">{incident.namespace}</div> : null}
                </td>
                <td>
                  <StateBadge state={incident.state} resolved={!incident.open} />
                </td>
                <td className="hide-narrow">
                  {formatDuration((!incident.open && incident.closedAt ? Date.parse(incident.closedAt) : now) - Date.parse(incident.triggeredAt))}
                </td>
                <td className="hide-narrow">
                  {incident.alertCount}
                  {incident.firingAlertCount > 0 ? <span className="muted"> ({incident.firingAlertCount} firing)</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {query.data && query.data.total > query.data.pageSize ? (
        <div className="toolbar" style={{ marginTop: "0.75rem" }}>
          <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span className="muted">
            Page {page} of {Math.ceil(query.data.total / query.data.pageSize)}
          </span>
          <button type="button" disabled={page * query.data.pageSize >= query.data.total} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </div>
      ) : null}
    </section>
  );
}
