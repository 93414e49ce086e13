"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { SeverityBadge } from "../badges";
import { formatTimestamp } from "../format-time";
import { PostmortemStatusBadge } from "./postmortem-status-badge";
import { postmortemQueries } from "./postmortem-queries";
import styles from "./postmortem.module.css";

const FILTERS = [
  { value: "all", label: "All" },
  { value: "draft", label: "Drafts" },
  { value: "reviewed", label: "Reviewed" },
] as const;

/** `/postmortems`: every postmortem, drafts (waiting for a reviewer) first. */
export function PostmortemList() {
  const [status, setStatus] = useState<(typeof FILTERS)[number]["value"]>("all");
  const list = useQuery(postmortemQueries.list(status, 1));

  return (
    <section aria-labelledby="postmortems-heading">
      <h1 id="postmortems-heading">Postmortems</h1>
      <div className={styles.filters} role="group" aria-label="Show postmortems">
        {FILTERS.map((filter) => (
          <button key={filter.value} type="button" aria-pressed={status === filter.value} onClick={() => setStatus(filter.value)}>
            {filter.label}
          </button>
        ))}
      </div>
      {list.isError ? (
        <p className="error" role="alert">
          Could not load postmortems: {list.error.message}
        </p>
      ) : null}
      {list.isPending ? <p className="muted">Loading postmortems…</p> : null}
      {list.data && list.data.items.length === 0 ? (
        <div className="panel" data-testid="postmortems-empty">
          <p>No postmortems{status === "all" ? "" : ` with status “${status}”`} yet.</p>
          <p className="muted">
            A draft is written automatically when an incident is resolved: its summary, impact and error budget, timeline with MTTD/MTTA/MTTR, root cause,
            what the agents did and who approved what. Review it here, edit what the record could not know, and mark it reviewed.
          </p>
        </div>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <table data-testid="postmortem-table">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Status</th>
              <th className="hide-narrow">Drafted</th>
              <th>Reviewed</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id} data-testid="postmortem-row">
                <td>
                  <Link href={`/postmortems/${encodeURIComponent(p.id)}`}>{p.incidentTitle}</Link>{" "}
                  <SeverityBadge severity={p.incidentSeverity} />
                  {p.updatedBy ? <div className="muted">edited by {p.updatedBy}</div> : null}
                </td>
                <td>
                  <PostmortemStatusBadge status={p.status} />
                </td>
                <td className="hide-narrow">{formatTimestamp(p.draftedAt)}</td>
                <td>{p.reviewedBy && p.reviewedAt ? `${p.reviewedBy}, ${formatTimestamp(p.reviewedAt)}` : <span className="muted">not yet</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {list.data && list.data.total > list.data.items.length ? <p className="muted">Showing the first {list.data.items.length} of {list.data.total}.</p> : null}
    </section>
  );
}
