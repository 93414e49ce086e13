/**
 * `IncidentEvent` types written by the postmortem module (they are not lifecycle events: the
 * incident stays where it is). Payloads are described beside each.
 */
export const POSTMORTEM_EVENT_TYPES = {
  /** `{ postmortemId, redraft, by }`: a draft was written (`redraft`: it replaced an earlier draft at `by`'s request; `by` is null for the pipeline). */
  drafted: "postmortem.drafted",
  /** `{ postmortemId, by }`: a person marked the postmortem reviewed. */
  reviewed: "postmortem.reviewed",
} as const;
