"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { SeverityBadge, StateBadge } from "./badges";
import { formatDuration } from "./format-time";
import { EMPTY_FILTERS, incidentQueries, type IncidentListFilters } from "./incident-queries";
import { useNow } from "./incident/incident-header";
import { useIncidentListStream } from "./incident/use-incident-list-stream";
import { SendTestAlertHint } from "./send-test-alert-hint";

const STATES = ["DETECTING", "DIAGNOSING", "PROPOSED", "AWAITING_APPROVAL", "MITIGATING", "VALIDATING", "MITIGATED", "ROLLING_BACK", "ROLLED_BACK", "UNDOING", "ESCALATED", "RESOLVED", "CLOSED_AS_NOISE"];
const SEVERITIES = ["critical", "high", "warning", "info"];

/** Text input that reports its value once typing pauses (one request per search, not per key). */
function useDebounced(value: string, ms = 250): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The incident list: open first, filterable, live over SSE. */
export function IncidentList({ webhookUrl, token }: { webhookUrl: string; token: string }) {
  const [filters, setFilters] = useState<IncidentListFilters>(EMPTY_FILTERS);
  const [search, setSearch] = useState("");
  const [service, setService] = useState("");
  const [page, setPage] = useState(1);
  const q = useDebounced(search);
  const debouncedService = useDebounced(service);
  const effective = { ...filters, q, service: debouncedService };
  const query = useQuery(incidentQueries.list(effective, page));
  const stream = useIncidentListStream();
  const now = useNow();
  const ids = { status: useId(), state: useId(), severity: useId(), service: useId(), search: useId() };
  const filtered = Object.entries(effective).some(([key, value]) => (key === "status" ? value !== "all" : value !== ""));

  const set = (patch: Partial<IncidentListFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(1);
  };

  return (
    <section aria-labelledby="incidents-heading">
      <div className="toolbar">
        <h1 id="incidents-heading" style={{ margin: 0 }}>
          Incidents
        </h1>
        <span className="muted small" data-testid="list-stream-status">
          <span aria-hidden="true">{stream === "live" ? "● " : "○ "}</span>
          {stream === "live" ? "live" : stream === "connecting" ? "connecting…" : "reconnecting…"}
        </span>
      </div>
      {stream === "down" ? (
        <div className="banner" role="status">
          <span aria-hidden="true">⚠</span> Live updates are interrupted; reconnecting. The list refreshes when the connection returns.
        </div>
      ) : null}

      <form className="filters" role="search" aria-label="Filter incidents" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.search}>Search</label>
        <input id={ids.search} type="search" placeholder="title or service" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
        <label htmlFor={ids.status}>Show</label>
        <select id={ids.status} value={filters.status} onChange={(e) => set({ status: e.target.value as IncidentListFilters["status"] })}>
          <option value="all">all</option>
          <option value="open">open</option>
          <option value="closed">closed</option>
        </select>
        <label htmlFor={ids.state}>State</label>
        <select id={ids.state} value={filters.state} onChange={(e) => set({ state: e.target.value })}>
          <option value="">any</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor={ids.severity}>Severity</label>
        <select id={ids.severity} value={filters.severity} onChange={(e) => set({ severity: e.target.value })}>
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <label htmlFor={ids.service}>Service</label>
        <input id={ids.service} value={service} placeholder="exact name" onChange={(e) => { setService(e.target.value); setPage(1); }} size={12} />
        {filtered ? (
          <button type="button" onClick={() => { setFilters(EMPTY_FILTERS); setSearch(""); setService(""); setPage(1); }}>
            Clear filters
          </button>
        ) : null}
      </form>

      {query.isError ? (
        <p className="error" role="alert">
          Could not load incidents: {query.error.message}
        </p>
      ) : null}
      {query.isPending ? <p className="muted">Loading incidents…</p> : null}

      {query.data && query.data.total === 0 && !filtered ? <SendTestAlertHint webhookUrl={webhookUrl} token={token} /> : null}
      {query.data && query.data.total === 0 && filtered ? <p className="muted">No incident matches these filters. Clear them to see every incident.</p> : null}

      {query.data && query.data.items.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="incident-table">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Title</th>
                <th scope="col">Service</th>
                <th scope="col">State</th>
                <th scope="col" className="hide-narrow">Duration</th>
                <th scope="col" className="hide-narrow">Decision</th>
                <th scope="col" className="hide-narrow">Alerts</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((incident) => (
                <tr key={incident.id} data-testid="incident-row" data-incident-id={incident.id} className={incident.open ? "" : "closed"}>
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
                  <td className="hide-narrow">{formatDuration((!incident.open && incident.closedAt ? Date.parse(incident.closedAt) : now) - Date.parse(incident.triggeredAt))}</td>
                  <td className="hide-narrow" data-testid="decision">
                    {incident.decision ? (
                      <>
                        <span aria-hidden="true">{incident.decision.kind === "approved" ? "✓ " : "✗ "}</span>
                        {incident.decision.kind} by {incident.decision.by}
                      </>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="hide-narrow">
                    {incident.alertCount}
                    {incident.firingAlertCount > 0 ? <span className="muted"> ({incident.firingAlertCount} firing)</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {query.data && query.data.total > query.data.pageSize ? (
        <nav className="toolbar" style={{ marginTop: "0.75rem" }} aria-label="Pages">
          <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span className="muted">
            Page {page} of {Math.ceil(query.data.total / query.data.pageSize)}
          </span>
          <button type="button" disabled={page * query.data.pageSize >= query.data.total} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}
