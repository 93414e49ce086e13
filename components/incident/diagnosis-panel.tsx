"use client";

import type { DiagnosisView } from "@/lib/events/derive-incident-view";

/** Root cause, faulty object, category, confidence, evidence linked to the steps it cites, and what was ruled out. */
export function DiagnosisPanel({ diagnosis }: { diagnosis: DiagnosisView | null }) {
  if (!diagnosis) {
    return (
      <section className="panel" aria-labelledby="diagnosis-heading">
        <h2 id="diagnosis-heading">Diagnosis</h2>
        <p className="muted">The diagnosis agent has not named a root cause yet. Its reasoning and tool calls appear in the timeline as it works.</p>
      </section>
    );
  }
  const object = diagnosis.faultyObject;
  return (
    <section className="panel" aria-labelledby="diagnosis-heading" data-testid="diagnosis">
      <h2 id="diagnosis-heading">Diagnosis</h2>
      <p className="root-cause">
        <strong>{diagnosis.rootCause}</strong>
      </p>
      <dl className="facts">
        <dt>Faulty object</dt>
        <dd>{object ? <code>{`${object.kind} ${object.namespace}/${object.name}`}</code> : "—"}</dd>
        <dt>Category</dt>
        <dd>{diagnosis.category ? `${diagnosis.category.systemLevel} · ${diagnosis.category.faultType}` : "—"}</dd>
        <dt>Confidence</dt>
        <dd>
          {diagnosis.confidence === null ? (
            "—"
          ) : (
            <>
              <meter min={0} max={1} value={diagnosis.confidence} aria-label="confidence" /> {Math.round(diagnosis.confidence * 100)}%
            </>
          )}
        </dd>
        {diagnosis.path.length > 0 ? (
          <>
            <dt>Failing path</dt>
            <dd>{diagnosis.path.join(" → ")}</dd>
          </>
        ) : null}
      </dl>
      <h3>Evidence</h3>
      {diagnosis.evidence.length === 0 ? <p className="muted">No evidence cited.</p> : null}
      <ul className="evidence">
        {diagnosis.evidence.map((e, i) => (
          <li key={i}>
            {e.summary}{" "}
            {e.callId ? (
              <a href={`#call-${e.callId}`} className="cite" onClick={() => openCall(e.callId!)}>
                see {e.callId}
              </a>
            ) : e.metric ? (
              <span className="muted small">({e.metric})</span>
            ) : e.findingId ? (
              <span className="muted small">(finding {e.findingId})</span>
            ) : null}
          </li>
        ))}
      </ul>
      {diagnosis.ruledOut.length > 0 ? (
        <>
          <h3>Ruled out</h3>
          <ul>
            {diagnosis.ruledOut.map((r, i) => (
              <li key={i}>
                <s>{r.hypothesis}</s>: {r.why}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Opens the cited tool call's details so its output is visible after the jump. */
function openCall(callId: string) {
  const entry = document.getElementById(`call-${callId}`);
  const details = entry?.querySelector("details");
  if (details) details.open = true;
}
