import "server-only";
import type { Postmortem } from "../db/generated/sqlite/client";
import { postmortemFactsSchema } from "./postmortem-facts";
import type { PostmortemDetail, PostmortemStatus, PostmortemSummary } from "./postmortem-views";

/** The columns of a postmortem row the views need, with its incident's title and severity. */
export type PostmortemRowWithIncident = Postmortem & { incident: { title: string; severity: string } };

/** Prisma's `include` that `postmortemSummary` and `postmortemDetail` expect. */
export const POSTMORTEM_INCLUDE = { incident: { select: { title: true, severity: true } } } as const;

/** The list view of a row. */
export function postmortemSummary(row: PostmortemRowWithIncident): PostmortemSummary {
  return {
    id: row.id,
    incidentId: row.incidentId,
    incidentTitle: row.incident.title,
    incidentSeverity: row.incident.severity,
    status: row.status as PostmortemStatus,
    draftedAt: row.draftedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
  };
}

/** The full view of a row; facts of another version come back as null rather than mis-typed. */
export function postmortemDetail(row: PostmortemRowWithIncident): PostmortemDetail {
  const facts = postmortemFactsSchema.safeParse(row.facts);
  return { ...postmortemSummary(row), markdown: row.markdown, facts: facts.success ? facts.data : null };
}
