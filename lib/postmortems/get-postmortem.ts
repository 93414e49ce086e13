import "server-only";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import { postmortemIdSchema } from "./postmortem-input-schemas";
import { parsePostmortemInput } from "./parse-postmortem-input";
import { POSTMORTEM_INCLUDE, postmortemDetail } from "./postmortem-row-to-view";
import type { PostmortemDetail } from "./postmortem-views";

/** One postmortem by its id, or a 404 that names the id. */
export async function getPostmortem({ db, id }: { db: Db; id: string }): Promise<PostmortemDetail> {
  const postmortemId = parsePostmortemInput({ schema: postmortemIdSchema, value: id, what: "postmortem id" });
  const row = await db.postmortem.findUnique({ where: { id: postmortemId }, include: POSTMORTEM_INCLUDE });
  if (!row) throw new ApiError("not_found", `postmortem "${postmortemId}" not found`);
  return postmortemDetail(row);
}

/** The postmortem of an incident, or a 404 that says whether the incident exists. */
export async function getIncidentPostmortem({ db, incidentId }: { db: Db; incidentId: string }): Promise<PostmortemDetail> {
  const id = parsePostmortemInput({ schema: postmortemIdSchema, value: incidentId, what: "incident id" });
  const row = await db.postmortem.findUnique({ where: { incidentId: id }, include: POSTMORTEM_INCLUDE });
  if (row) return postmortemDetail(row);
  const incident = await db.incident.findUnique({ where: { id }, select: { state: true } });
  if (!incident) throw new ApiError("not_found", `incident "${id}" not found`);
  throw new ApiError("not_found", `incident "${id}" has no postmortem yet (it is ${incident.state}; one is drafted when it is resolved)`);
}
