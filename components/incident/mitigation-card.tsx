"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useRef, useState } from "react";
import type { CheckpointView, ScopeHealthView, TransactionStatus, TransactionView } from "@/lib/events/derive-incident-view";
import { formatClock } from "../format-time";
import { ApiRequestError, incidentQueries, postJson } from "../incident-queries";
import { RunbookCitations } from "../memory/runbook-citations";

const STATUS_LABEL: Record<TransactionStatus, { icon: string; text: string }> = {
  awaiting_approval: { icon: "‖", text: "waiting for approval" },
  rejected: { icon: "✗", text: "rejected" },
  approved: { icon: "✓", text: "approved, starting" },
  executing: { icon: "▶", text: "executing" },
  validating: { icon: "◔", text: "validating (observing health)" },
  committed: { icon: "✓", text: "committed" },
  rolling_back: { icon: "↺", text: "rolling back" },
  rolled_back: { icon: "↺", text: "rolled back" },
  rollback_failed: { icon: "✗", text: "rollback failed: restore by hand" },
  undoing: { icon: "↶", text: "undoing" },
  undone: { icon: "↶", text: "undone" },
  undo_aborted: { icon: "✗", text: "undo refused (re-applied)" },
  undo_failed: { icon: "✗", text: "undo failed" },
  superseded: { icon: "–", text: "superseded by a newer proposal" },
};

interface DecisionAnswer {
  transactionId: string;
  state: string;
}

function ScopeScore({ label, scope }: { label: string; scope: ScopeHealthView | null }) {
  if (!scope) return null;
  return (
    <div className="scope-score">
      <div>
        <span className="muted">{label}</span> <strong>{scope.score.toFixed(1)}</strong>
      </div>
      {Object.keys(scope.parts).length > 0 ? (
        <div className="muted small">
          {Object.entries(scope.parts)
            .map(([part, value]) => `${part} ${value > 1 ? value.toFixed(1) : value.toFixed(2)}`)
            .join(" · ")}
        </div>
      ) : null}
      {scope.findings.length > 0 ? <div className="muted small">{scope.findings.join("; ")}</div> : null}
    </div>
  );
}

function Checkpoints({ before, after }: { before: CheckpointView | null; after: CheckpointView | null }) {
  if (!before && !after) return null;
  return (
    <table className="scores" data-testid="tnr-scores">
      <caption className="muted small">Health H (0–100) with its parts, before and after</caption>
      <thead>
        <tr>
          <th scope="col">Scope</th>
          <th scope="col">Before{before?.at ? ` (${formatClock(before.at)})` : ""}</th>
          <th scope="col">After{after?.at ? ` (${formatClock(after.at)})` : ""}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Target</th>
          <td>
            <ScopeScore label={before?.target?.scope ?? ""} scope={before?.target ?? null} />
          </td>
          <td>{after ? <ScopeScore label={after.target?.scope ?? ""} scope={after.target} /> : <span className="muted">pending</span>}</td>
        </tr>
        <tr>
          <th scope="row">Namespace</th>
          <td>
            <ScopeScore label={before?.namespace?.scope ?? ""} scope={before?.namespace ?? null} />
          </td>
          <td>{after ? <ScopeScore label={after.namespace?.scope ?? ""} scope={after.namespace} /> : <span className="muted">pending</span>}</td>
        </tr>
      </tbody>
    </table>
  );
}

/** One proposed transaction: its actions, approve / reject, TNR's measurements and verdict, undo. */
export function MitigationCard({ incidentId, tx }: { incidentId: string; tx: TransactionView }) {
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [undoReason, setUndoReason] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonId = useId();
  const undoReasonId = useId();

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: incidentQueries.detail(incidentId).queryKey });
  };
  const decide = useMutation({
    mutationFn: (body: { decision: "approve" | "reject"; transactionId: string; reason?: string }) => postJson<DecisionAnswer>(`/api/incidents/${encodeURIComponent(incidentId)}/approval`, body),
    onSettled: refresh,
    onSuccess: () => setRejecting(false),
  });
  const undo = useMutation({
    mutationFn: (body: { transactionId: string; reason: string }) => postJson<DecisionAnswer>(`/api/incidents/${encodeURIComponent(incidentId)}/undo`, body),
    onSettled: refresh,
    onSuccess: () => dialog.current?.close(),
  });
  const busy = decide.isPending || undo.isPending;
  const status = STATUS_LABEL[tx.status];
  const error = (decide.error ?? undo.error) as Error | null;

  return (
    <article className={`panel mitigation status-${tx.status}`} data-testid="mitigation-card" data-transaction-id={tx.transactionId} aria-labelledby={`tx-${tx.transactionId}`}>
      <div className="card-head">
        <h3 id={`tx-${tx.transactionId}`}>{tx.summary || "Proposed mitigation"}</h3>
        <span className="badge" data-testid="transaction-status">
          <span aria-hidden="true">{status.icon}</span> {status.text}
        </span>
      </div>
      <p className="muted small">
        Transaction <code>{tx.transactionId}</code> · proposed {formatClock(tx.proposedAt)}
        {tx.namespace ? ` · namespace ${tx.namespace}` : ""}
        {tx.targetService ? ` · target ${tx.targetService}` : ""}
        {tx.requestedBy ? ` · asked for by ${tx.requestedBy}` : ""}
      </p>
      {tx.history && tx.history.reasoning.length > 0 ? (
        <div className="small" data-testid="fix-history">
          <strong>What past incidents say:</strong>
          <ul>
            {tx.history.reasoning.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="small">
        <summary>Runbook passages behind this proposal ({tx.runbookCitations.length})</summary>
        <RunbookCitations citations={tx.runbookCitations} />
      </details>
      <ol className="actions">
        {tx.actions.map((action, i) => (
          <li key={i} className="action">
            <div>
              <strong>{action.summary}</strong> <span className={`badge risk-${action.risk}`}>risk: {action.risk}</span>
            </div>
            {action.reason ? <p className="small">{action.reason}</p> : null}
            <pre aria-label="equivalent kubectl command">{action.kubectl}</pre>
            <dl className="facts small">
              <dt>Blast radius</dt>
              <dd>
                {action.blastRadius.pods.length} pod(s){action.blastRadius.pods.length ? `: ${action.blastRadius.pods.slice(0, 6).join(", ")}${action.blastRadius.pods.length > 6 ? "…" : ""}` : ""}; services: {action.blastRadius.services.join(", ") || "none"}
              </dd>
              <dt>Dry run</dt>
              <dd>{action.dryRun.ok ? "✓ accepted by the API server" : `✗ ${action.dryRun.message ?? "failed"}`}</dd>
            </dl>
            {action.diff ? (
              <details>
                <summary>Object diff (before → after)</summary>
                <pre className="diff">{action.diff}</pre>
              </details>
            ) : null}
          </li>
        ))}
      </ol>

      {tx.decision ? (
        <p data-testid="decision">
          {tx.decision.kind === "approved" ? "✓ Approved" : "✗ Rejected"} by <strong>{tx.decision.by}</strong>
          {tx.decision.auto ? " (autopilot policy)" : ""} at {formatClock(tx.decision.at)}
          {tx.decision.reason ? `: ${tx.decision.reason}` : ""}
        </p>
      ) : null}

      {tx.status === "awaiting_approval" ? (
        <div className="decide">
          {!rejecting ? (
            <div className="toolbar">
              <button type="button" className="primary" disabled={busy} aria-busy={decide.isPending && decide.variables?.decision === "approve"} onClick={() => decide.mutate({ decision: "approve", transactionId: tx.transactionId })}>
                {decide.isPending && decide.variables?.decision === "approve" ? "Approving…" : "Approve and execute"}
              </button>
              <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
                Reject…
              </button>
            </div>
          ) : (
            <form
              className="reject-form"
              onSubmit={(e) => {
                e.preventDefault();
                decide.mutate({ decision: "reject", transactionId: tx.transactionId, reason: reason.trim() });
              }}
            >
              <label htmlFor={reasonId}>Why reject? The diagnosis agent gets this reason.</label>
              <textarea id={reasonId} required minLength={3} maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} />
              <div className="toolbar">
                <button type="submit" disabled={busy || reason.trim().length < 3}>
                  {decide.isPending ? "Rejecting…" : "Reject with this reason"}
                </button>
                <button type="button" disabled={busy} onClick={() => setRejecting(false)}>
                  Cancel
                </button>
              </div>
            </form>
          )}
        </div>
      ) : null}

      <Checkpoints before={tx.before} after={tx.after} />
      {tx.verdict ? (
        <p data-testid="verdict" className={tx.verdict.outcome === "committed" ? "verdict-ok" : "verdict-bad"}>
          <strong>
            {tx.verdict.outcome === "committed" ? "✓ Committed" : `↺ ${tx.verdict.outcome.replaceAll("_", " ")}`}
          </strong>
          {tx.verdict.scoreBefore !== null && tx.verdict.scoreAfter !== null ? ` (target H ${tx.verdict.scoreBefore.toFixed(1)} → ${tx.verdict.scoreAfter.toFixed(1)})` : ""}
          {tx.verdict.reasons.length ? `: ${tx.verdict.reasons.join("; ")}` : ""}
        </p>
      ) : null}
      {tx.undoRequest ? (
        <p className="small">
          ↶ Undo requested by <strong>{tx.undoRequest.by}</strong>: {tx.undoRequest.reason}
          {tx.undoOutcome ? ` — ${tx.undoOutcome.kind}${tx.undoOutcome.reason ? `: ${tx.undoOutcome.reason}` : ""}` : ""}
        </p>
      ) : null}

      {tx.status === "committed" ? (
        <>
          <button type="button" disabled={busy} onClick={() => dialog.current?.showModal()}>
            Undo this mitigation…
          </button>
          <dialog ref={dialog} aria-labelledby={`undo-${tx.transactionId}`} className="confirm">
            <form
              method="dialog"
              onSubmit={(e) => {
                e.preventDefault();
                undo.mutate({ transactionId: tx.transactionId, reason: undoReason.trim() });
              }}
            >
              <h3 id={`undo-${tx.transactionId}`}>Undo “{tx.summary}”?</h3>
              <p>This restores every object the transaction changed to the snapshot taken just before it ran, in reverse order:</p>
              <ul>
                {tx.actions.map((a, i) => (
                  <li key={i}>{a.summary}</li>
                ))}
              </ul>
              <p className="small">The undo is itself checked by TNR: if health gets worse, the fix is re-applied.</p>
              <label htmlFor={undoReasonId}>Reason (recorded on the timeline)</label>
              <textarea id={undoReasonId} required minLength={3} value={undoReason} onChange={(e) => setUndoReason(e.target.value)} rows={2} />
              <div className="toolbar">
                <button type="submit" className="danger" disabled={busy || undoReason.trim().length < 3}>
                  {undo.isPending ? "Undoing…" : "Undo and restore"}
                </button>
                <button type="button" onClick={() => dialog.current?.close()}>
                  Keep the fix
                </button>
              </div>
              {undo.error ? (
                <p className="error" role="alert">
                  {undo.error.message}
                </p>
              ) : null}
            </form>
          </dialog>
        </>
      ) : null}

      {error ? (
        <p className="error" role="alert" data-testid="decision-error">
          {error instanceof ApiRequestError && error.status === 409 ? "Someone else acted first: " : "Could not send: "}
          {error.message}
        </p>
      ) : null}
    </article>
  );
}
