/**
 * What callers may send about postmortems, validated before anything is read or written. Plain
 * zod (no server code): route handlers parse with these and lib functions parse again, so a bad
 * value is refused with a message that names the field wherever it comes from.
 */
import { z } from "zod";
import { POSTMORTEM_STATUSES } from "./postmortem-views";

/** Longest markdown accepted (a postmortem is a document, not a log dump). */
export const MAX_POSTMORTEM_MARKDOWN_CHARS = 200_000;

/** A postmortem or incident id as it appears in a URL. */
export const postmortemIdSchema = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

/** Who acts: the signed-in operator's display name. */
export const actorSchema = z.string().trim().min(1, "must name who acts").max(200, "must be at most 200 characters");

/** `GET /api/postmortems` filter. */
export const postmortemListFilterSchema = z.object({
  status: z.enum([...POSTMORTEM_STATUSES, "all"]).default("all").describe("draft, reviewed or all"),
});
export type PostmortemListFilter = z.infer<typeof postmortemListFilterSchema>;

/** `PATCH /api/postmortems/{id}` body. */
export const postmortemEditSchema = z
  .object({
    markdown: z
      .string({ error: "must be a string of markdown" })
      .max(MAX_POSTMORTEM_MARKDOWN_CHARS, `must be at most ${MAX_POSTMORTEM_MARKDOWN_CHARS} characters`)
      .refine((text) => text.trim().length > 0, "must not be empty"),
    /**
     * The `updatedAt` the editor loaded. When given and the postmortem changed since, the save is
     * refused (409) instead of silently overwriting someone else's edit.
     */
    baseUpdatedAt: z.iso.datetime({ offset: true, error: "must be the ISO 8601 updatedAt the editor loaded" }).optional(),
  })
  .strict();
export type PostmortemEdit = z.infer<typeof postmortemEditSchema>;

/** `POST /api/incidents/{id}/postmortem` body (may be empty). */
export const draftRequestSchema = z
  .object({ redraft: z.boolean({ error: "must be true or false" }).default(false).describe("Replace the existing draft (edits to it are lost)") })
  .strict();
export type DraftRequest = z.infer<typeof draftRequestSchema>;
