import styles from "./postmortem.module.css";

/** Draft or reviewed, as icon + text + colour (colour is never the only signal). */
export function PostmortemStatusBadge({ status }: { status: string }) {
  const reviewed = status === "reviewed";
  return (
    <span className={`badge ${reviewed ? styles.statusReviewed : styles.statusDraft}`} data-testid="postmortem-status">
      <span aria-hidden="true">{reviewed ? "✓" : "✎"}</span>
      {reviewed ? "reviewed" : "draft"}
    </span>
  );
}
