/**
 * The JSON shapes the postmortem API returns. Plain types with no server code, so the browser's
 * components import the same definitions the server fills in.
 */
import type { PostmortemFacts } from "./postmortem-facts";

/** draft: written by the pipeline, possibly edited; reviewed: a person signed it off. */
export type PostmortemStatus = "draft" | "reviewed";
export const POSTMORTEM_STATUSES = ["draft", "reviewed"] as const satisfies readonly PostmortemStatus[];

/** One row of `/postmortems`. */
export interface PostmortemSummary {
  id: string;
  incidentId: string;
  incidentTitle: string;
  incidentSeverity: string;
  status: PostmortemStatus;
  draftedAt: string;
  updatedAt: string;
  /** Who last edited the markdown; null while it is the machine draft. */
  updatedBy: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
}

/** One postmortem with its markdown and the facts it was drafted from. */
export interface PostmortemDetail extends PostmortemSummary {
  markdown: string;
  /** Null when the stored facts are of another version than this server reads. */
  facts: PostmortemFacts | null;
}

/** What drafting did: created a new draft, replaced one on request, or kept the one there. */
export type DraftOutcome = "created" | "redrafted" | "kept";

export interface DraftPostmortemResult {
  outcome: DraftOutcome;
  postmortem: PostmortemDetail;
}
