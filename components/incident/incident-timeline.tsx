"use client";

import { memo, useState } from "react";
import type { IncidentEventView } from "@/lib/incidents/incident-views";
import { formatClock } from "../format-time";
import { describeEvent, type EventDescription } from "./describe-event";

const FILTERS: { value: "all" | EventDescription["category"] | "key"; label: string }[] = [
  { value: "all", label: "everything" },
  { value: "key", label: "state changes and decisions" },
  { value: "reasoning", label: "agent reasoning" },
  { value: "tool", label: "tool calls" },
];
const KEY_CATEGORIES = new Set<EventDescription["category"]>(["state", "decision", "execution", "verdict", "alert", "finding"]);

function Json({ value }: { value: unknown }) {
  return <pre className="json">{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</pre>;
}

/** One entry; memoized because the list grows while streaming and old entries never change. */
const TimelineEntry = memo(function TimelineEntry({ event }: { event: IncidentEventView }) {
  const description = describeEvent(event);
  const p = event.payload;
  const callId = event.type === "agent.tool_call" && typeof p.callId === "string" ? p.callId : null;
  const cites = event.type === "agent.step" && Array.isArray(p.cites) ? p.cites.filter((c): c is string => typeof c === "string") : [];
  return (
    <li id={callId ? `call-${callId}` : `event-${event.id}`} data-testid="event" data-event-id={event.id} data-event-type={event.type} className={`entry cat-${description.category}`}>
      <span className="entry-icon" aria-hidden="true">
        {description.icon}
      </span>
      <div className="entry-body">
        <div className="entry-head">
          <span className="entry-text">{description.text}</span>
          <span className="muted entry-meta">
            <code>{event.type}</code> · <time dateTime={event.createdAt}>{formatClock(event.createdAt)}</time>
            {callId && typeof p.durationMs === "number" ? ` · ${Math.round(p.durationMs)} ms` : null}
          </span>
        </div>
        {callId ? (
          <details className="tool-call">
            <summary>
              Input and output of <code>{String(p.tool)}</code> <span className="muted">({callId})</span>
            </summary>
            <h4>Input</h4>
            <Json value={p.params} />
            <h4>{p.ok === false ? "Error" : "Output"}</h4>
            <Json value={p.output} />
          </details>
        ) : null}
        {cites.length > 0 ? (
          <div className="muted small">
            cites{" "}
            {cites.map((cite) => (
              <a key={cite} href={`#call-${cite}`} className="cite">
                {cite}
              </a>
            ))}
          </div>
        ) : null}
        {event.type === "agent.escalation" && Array.isArray(p.runbookSteps) ? (
          <ol className="runbook">
            {p.runbookSteps.map((step, i) => (
              <li key={i}>{String(step)}</li>
            ))}
          </ol>
        ) : null}
      </div>
    </li>
  );
});

/** The incident's event log, streamed: newest at the bottom, filterable, each tool call collapsible. */
export function IncidentTimeline({ events }: { events: readonly IncidentEventView[] }) {
  const [filter, setFilter] = useState<(typeof FILTERS)[number]["value"]>("all");
  const shown = events.filter((event) => {
    if (filter === "all") return true;
    const category = describeEvent(event).category;
    return filter === "key" ? KEY_CATEGORIES.has(category) : category === filter;
  });
  return (
    <section aria-labelledby="timeline-heading" className="panel timeline-panel">
      <div className="toolbar">
        <h2 id="timeline-heading">Timeline</h2>
        <label>
          Show{" "}
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">
          {shown.length} of {events.length} events
        </span>
      </div>
      {events.length === 0 ? <p className="muted">No events yet. The pipeline writes every step here as it happens.</p> : null}
      <ol className="timeline" data-testid="event-log" aria-live="polite" aria-relevant="additions">
        {shown.map((event) => (
          <TimelineEntry key={event.id} event={event} />
        ))}
      </ol>
    </section>
  );
}
