/** Postmortems: drafted from an incident's record when it resolves, edited and reviewed by people. */
export { draftPostmortem, type DraftPostmortemOptions } from "./draft-postmortem";
export { draftPendingPostmortems, MAX_DRAFTS_PER_PASS, type DraftPendingPostmortemsOptions, type DraftPendingPostmortemsResult } from "./draft-pending-postmortems";
export { gatherPostmortemFacts, type GatherPostmortemFactsOptions } from "./gather-postmortem-facts";
export { getIncidentPostmortem, getPostmortem } from "./get-postmortem";
export { listPostmortems, type ListPostmortemsOptions } from "./list-postmortems";
export { markPostmortemReviewed, type MarkPostmortemReviewedOptions } from "./mark-postmortem-reviewed";
export { measureErrorBudget, type MeasureErrorBudgetOptions } from "./measure-error-budget";
export { POSTMORTEM_EVENT_TYPES } from "./postmortem-event-types";
export { postmortemFactsSchema, type PostmortemFacts } from "./postmortem-facts";
export { postmortemTelemetry, type PostmortemTelemetry } from "./postmortem-telemetry";
export { renderPostmortemMarkdown } from "./render-postmortem-markdown";
export { updatePostmortemMarkdown, type UpdatePostmortemMarkdownOptions } from "./update-postmortem-markdown";
export type { DraftPostmortemResult, PostmortemDetail, PostmortemSummary } from "./postmortem-views";
