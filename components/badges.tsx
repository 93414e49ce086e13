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

export function StateBadge({ state, resolved }: { state: string; resolved: boolean }) {
  return (
    <span className={`badge ${resolved ? "state-resolved" : "state-open"}`} data-testid="state">
      <span aria-hidden="true">{resolved ? "✓" : "●"}</span>
      {state}
    </span>
  );
}
