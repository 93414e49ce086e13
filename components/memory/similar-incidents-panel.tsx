"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { SimilarIncidentFixView } from "@/lib/ask/similar-incidents-for-panel";
import { formatTimestamp } from "../format-time";
import { memoryQueries } from "./memory-queries";
import styles from "./memory.module.css";

const OUTCOME_TEXT: Record<SimilarIncidentFixView["outcome"], string> = {
  committed: "worked (committed)",
  rolled_back: "rolled back by TNR",
  undone: "undone by an operator",
  aborted: "aborted",
  rejected: "rejected",
  unknown: "outcome unknown",
};

function healthText(fix: SimilarIncidentFixView): string {
  return fix.healthBefore !== null && fix.healthAfter !== null ? `, health ${fix.healthBefore} → ${fix.healthAfter}` : "";
}

/** Past incidents like this one: why they match, what fixed them, and whether a fix was rolled back. */
export function SimilarIncidentsPanel({ incidentId }: { incidentId: string }) {
  const similar = useQuery(memoryQueries.similar(incidentId));
  return (
    <section className="panel" aria-labelledby={`similar-${incidentId}`} data-testid="similar-incidents">
      <h2 id={`similar-${incidentId}`}>Similar past incidents</h2>
      {similar.isError ? (
        <p className="error" role="alert">
          Could not load similar incidents: {similar.error.message}
        </p>
      ) : !similar.data ? (
        <p className="muted">Looking for similar incidents…</p>
      ) : similar.data.similar.length === 0 ? (
        <p className="muted">No resolved incident like this one is remembered yet.</p>
      ) : (
        <ol className={styles.similarList}>
          {similar.data.similar.map((s) => (
            <li key={s.incidentId} className={styles.similarItem}>
              <div className={styles.similarHead}>
                <Link href={`/incidents/${encodeURIComponent(s.incidentId)}`}>{s.title}</Link>
                <span className="muted small">{s.resolvedAt ? `resolved ${formatTimestamp(s.resolvedAt)}` : "resolved"}</span>
              </div>
              <p className="muted small">Matched on {s.reasons.join(", ") || "several signals"}.</p>
              <p>
                {s.fixed ? <span className={styles.fixed}>Fixed. </span> : null}
                {s.rolledBack ? <span className={styles.rolledBack}>A fix was rolled back. </span> : null}
                {s.resolution}
              </p>
              {s.fixes.length > 0 ? (
                <ul className={styles.fixes} aria-label="Fixes tried">
                  {s.fixes.map((f) => (
                    <li key={f.transactionId}>
                      {f.summary}: <span className={f.outcome === "committed" ? styles.fixed : f.outcome === "rolled_back" || f.outcome === "undone" ? styles.rolledBack : "muted"}>{OUTCOME_TEXT[f.outcome]}</span>
                      {healthText(f)}
                      {f.reason ? <span className="muted"> ({f.reason})</span> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {s.rootCause ? <p className="muted small">Root cause: {s.rootCause}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
