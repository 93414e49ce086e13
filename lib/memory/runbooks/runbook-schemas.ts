/**
 * Input of the runbook functions the API routes call (create, update, delete, get), validated
 * before any database work. Slugs are stable names used in citations and URLs.
 */
import { z } from "zod";

/** Longest runbook body accepted (characters): a runbook, not a book. */
export const MAX_RUNBOOK_BODY_CHARS = 200_000;

/** Lowercase words joined by `-`, `_`, `.` or `/` (a file path under RUNBOOKS_DIR without `.md`). */
export const RUNBOOK_SLUG = /^[a-z0-9]+(?:[-_./][a-z0-9]+)*$/;

export const runbookSlugSchema = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .regex(RUNBOOK_SLUG, "must be lowercase letters and digits joined by - _ . or / (e.g. payment/connection-refused)")
  .describe("Stable name of the runbook");

const titleSchema = z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters").describe("Title shown in lists and citations");
const bodySchema = z.string().max(MAX_RUNBOOK_BODY_CHARS, `must be at most ${MAX_RUNBOOK_BODY_CHARS} characters`).refine((body) => body.trim().length > 0, "must not be empty").describe("Markdown text");

/** Body of "create a runbook" (UI). The slug defaults to one made from the title. */
export const createRunbookInputSchema = z
  .object({
    slug: runbookSlugSchema.optional(),
    title: titleSchema,
    body: bodySchema,
  })
  .strict();
export type CreateRunbookInput = z.input<typeof createRunbookInputSchema>;

/** Body of "edit a runbook": any of title and body. */
export const updateRunbookInputSchema = z
  .object({
    title: titleSchema.optional(),
    body: bodySchema.optional(),
  })
  .strict()
  .refine((input) => input.title !== undefined || input.body !== undefined, "give title or body to change");
export type UpdateRunbookInput = z.input<typeof updateRunbookInputSchema>;

/** A slug made from a title: "Cart: connection refused!" -> "cart-connection-refused". */
export function slugFromTitle(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "runbook";
}

/** `payment/connection-refused.md` -> `payment/connection-refused`; undefined when it is not a valid slug. */
export function slugFromPath(relativePath: string): string | undefined {
  const slug = relativePath.split(/[\\/]/).join("/").replace(/\.md$/i, "").toLowerCase();
  return RUNBOOK_SLUG.test(slug) ? slug : undefined;
}
