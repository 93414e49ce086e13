import "server-only";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import { actorSchema, postmortemEditSchema, postmortemIdSchema } from "./postmortem-input-schemas";
import { parsePostmortemInput } from "./parse-postmortem-input";
import { POSTMORTEM_INCLUDE, postmortemDetail } from "./postmortem-row-to-view";
import type { PostmortemDetail } from "./postmortem-views";

export interface UpdatePostmortemMarkdownOptions {
  db: Db;
  id: string;
  markdown: string;
  /** Who edits (recorded as `updatedBy`). */
  by: string;
  /** The `updatedAt` the editor loaded; a save over a newer version is refused (409). */
  baseUpdatedAt?: string;
}

/**
 * Saves an edit of the markdown and records who made it. The status does not change: a draft
 * stays a draft, and a reviewed postmortem stays reviewed (its `reviewedBy`/`reviewedAt` keep
 * saying who signed it off, while `updatedBy`/`updatedAt` after `reviewedAt` show it was edited
 * since; re-reviewing is not required for corrections). The write is conditional on the version
 * read, so of two concurrent saves one wins and the other gets 409.
 */
export async function updatePostmortemMarkdown(options: UpdatePostmortemMarkdownOptions): Promise<PostmortemDetail> {
  const { db } = options;
  const id = parsePostmortemInput({ schema: postmortemIdSchema, value: options.id, what: "postmortem id" });
  const by = parsePostmortemInput({ schema: actorSchema, value: options.by, what: "editor" });
  const edit = parsePostmortemInput({
    schema: postmortemEditSchema,
    value: { markdown: options.markdown, ...(options.baseUpdatedAt !== undefined ? { baseUpdatedAt: options.baseUpdatedAt } : {}) },
    what: "postmortem edit",
  });
  const current = await db.postmortem.findUnique({ where: { id }, select: { updatedAt: true, updatedBy: true } });
  if (!current) throw new ApiError("not_found", `postmortem "${id}" not found`);
  if (edit.baseUpdatedAt && new Date(edit.baseUpdatedAt).getTime() !== current.updatedAt.getTime()) {
    throw staleEdit(id, current.updatedBy, current.updatedAt);
  }
  const updated = await db.postmortem.updateMany({ where: { id, updatedAt: current.updatedAt }, data: { markdown: edit.markdown, updatedBy: by } });
  if (updated.count !== 1) {
    const now = await db.postmortem.findUnique({ where: { id }, select: { updatedAt: true, updatedBy: true } });
    if (!now) throw new ApiError("not_found", `postmortem "${id}" not found`);
    throw staleEdit(id, now.updatedBy, now.updatedAt);
  }
  return postmortemDetail(await db.postmortem.findUniqueOrThrow({ where: { id }, include: POSTMORTEM_INCLUDE }));
}

function staleEdit(id: string, updatedBy: string | null, updatedAt: Date): ApiError {
  return new ApiError(
    "conflict",
    `postmortem "${id}" was changed${updatedBy ? ` by ${updatedBy}` : ""} at ${updatedAt.toISOString()} after you loaded it; reload to see their version, then apply your edit again`,
  );
}
