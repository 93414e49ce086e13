/** Severity and state as icon + text + colour, so colour is never the only signal. */
// Plain geometric glyphs: present in every system font (emoji fonts often are not on servers).
const SEVERITY_ICON: Record<string, string> = { critical: "◆", high: "▲", warning: "!", info: "i" };

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span className={`badge sev-${severity}`} data-testid="severity">
      <span aria-hidden="true">{SEVERITY_ICON[severity] ?? "•"}</span>
      {severity}
    </span>
  );
}

/** Icon and tone of each lifecycle state: agents working, waiting for a human, in flight, done. */
const STATE_LOOK: Record<string, { icon: string; tone: "working" | "human" | "flight" | "ok" | "bad" | "muted" }> = {
  TRIGGERED: { icon: "○", tone: "working" },
  DETECTING: { icon: "○", tone: "working" },
  DIAGNOSING: { icon: "◎", tone: "working" },
  PROPOSED: { icon: "◇", tone: "working" },
  AWAITING_APPROVAL: { icon: "‖", tone: "human" },
  MITIGATING: { icon: "▶", tone: "flight" },
  VALIDATING: { icon: "◔", tone: "flight" },
  MITIGATED: { icon: "✓", tone: "ok" },
  ROLLING_BACK: { icon: "↺", tone: "flight" },
  ROLLED_BACK: { icon: "↺", tone: "bad" },
  UNDOING: { icon: "↶", tone: "flight" },
  ESCALATED: { icon: "⚑", tone: "human" },
  RESOLVED: { icon: "✓", tone: "ok" },
  CLOSED_AS_NOISE: { icon: "–", tone: "muted" },
};

/** A human-readable label: AWAITING_APPROVAL stays visible as is (tests and docs use the names). */
export function StateBadge({ state, resolved }: { state: string; resolved: boolean }) {
  const look = STATE_LOOK[state] ?? { icon: resolved ? "✓" : "●", tone: resolved ? "ok" : "working" };
  return (
    <span className={`badge tone-${look.tone} ${resolved ? "state-resolved" : "state-open"}`} data-testid="state" title={state.replaceAll("_", " ").toLowerCase()}>
      <span aria-hidden="true">{look.icon}</span>
      {state}
    </span>
  );
}
