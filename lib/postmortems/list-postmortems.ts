import "server-only";
import type { Db } from "../db/client";
import type { Page, Pagination } from "../http/pagination";
import type { PostmortemListFilter } from "./postmortem-input-schemas";
import { POSTMORTEM_INCLUDE, postmortemSummary } from "./postmortem-row-to-view";
import type { PostmortemSummary } from "./postmortem-views";

export interface ListPostmortemsOptions {
  db: Db;
  filter: PostmortemListFilter;
  pagination: Pagination;
}

/** Postmortems, drafts (waiting for a reviewer) first, newest first within each status. */
export async function listPostmortems({ db, filter, pagination }: ListPostmortemsOptions): Promise<Page<PostmortemSummary>> {
  const where = filter.status === "all" ? {} : { status: filter.status };
  const [rows, total] = await Promise.all([
    db.postmortem.findMany({
      where,
      // "draft" < "reviewed": the ones that need a person come first.
      orderBy: [{ status: "asc" }, { draftedAt: "desc" }, { id: "asc" }],
      skip: (pagination.page - 1) * pagination.pageSize,
      take: pagination.pageSize,
      include: POSTMORTEM_INCLUDE,
    }),
    db.postmortem.count({ where }),
  ]);
  return { items: rows.map(postmortemSummary), page: pagination.page, pageSize: pagination.pageSize, total };
}
