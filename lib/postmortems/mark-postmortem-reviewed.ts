import "server-only";
import type { Db } from "../db/client";
import { writeTransaction } from "../db/transaction";
import { ApiError } from "../http/api-error";
import { actorSchema, postmortemIdSchema } from "./postmortem-input-schemas";
import { parsePostmortemInput } from "./parse-postmortem-input";
import { POSTMORTEM_EVENT_TYPES } from "./postmortem-event-types";
import { POSTMORTEM_INCLUDE, postmortemDetail } from "./postmortem-row-to-view";
import type { PostmortemDetail } from "./postmortem-views";

export interface MarkPostmortemReviewedOptions {
  db: Db;
  id: string;
  /** The reviewer (recorded as `reviewedBy` and on the incident's event log). */
  by: string;
  now?: Date;
}

/**
 * Moves a draft to reviewed, recording who and when, and appends `postmortem.reviewed` to the
 * incident's event log. A postmortem is reviewed once: reviewing it again is a 409 that names who
 * already did (two reviewers clicking at once: one wins).
 */
export async function markPostmortemReviewed(options: MarkPostmortemReviewedOptions): Promise<PostmortemDetail> {
  const { db } = options;
  const id = parsePostmortemInput({ schema: postmortemIdSchema, value: options.id, what: "postmortem id" });
  const by = parsePostmortemInput({ schema: actorSchema, value: options.by, what: "reviewer" });
  const now = options.now ?? new Date();
  return writeTransaction(db, async (tx) => {
    const row = await tx.postmortem.findUnique({ where: { id }, select: { incidentId: true, status: true, reviewedBy: true, reviewedAt: true } });
    if (!row) throw new ApiError("not_found", `postmortem "${id}" not found`);
    const moved = await tx.postmortem.updateMany({ where: { id, status: "draft" }, data: { status: "reviewed", reviewedBy: by, reviewedAt: now } });
    if (moved.count !== 1) {
      const current = await tx.postmortem.findUniqueOrThrow({ where: { id }, select: { reviewedBy: true, reviewedAt: true } });
      throw new ApiError(
        "conflict",
        `postmortem "${id}" is already reviewed${current.reviewedBy ? ` by ${current.reviewedBy}` : ""}${current.reviewedAt ? ` at ${current.reviewedAt.toISOString()}` : ""}`,
      );
    }
    await tx.incidentEvent.create({ data: { incidentId: row.incidentId, type: POSTMORTEM_EVENT_TYPES.reviewed, payload: { postmortemId: id, by }, createdAt: now } });
    return postmortemDetail(await tx.postmortem.findUniqueOrThrow({ where: { id }, include: POSTMORTEM_INCLUDE }));
  });
}
