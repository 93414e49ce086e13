import "server-only";
/**
 * Runbooks written in the UI: create, edit, delete, list and read. Each validates its input with
 * zod before touching the database and fails with an `ApiError` naming the field, so API routes
 * stay thin. Runbooks synced from RUNBOOKS_DIR are read-only here: their file is the source of
 * truth and the next sync would undo an edit.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import { writeTransaction } from "../../db/transaction";
import { ApiError, issuesFromZod } from "../../http/api-error";
import { chunkMarkdown } from "./chunk-markdown";
import { markRunbooksChanged } from "./runbook-change-signal";
import { createRunbookInputSchema, runbookSlugSchema, slugFromTitle, updateRunbookInputSchema } from "./runbook-schemas";
import { writeRunbook } from "./write-runbook";

/** A runbook without its body (lists). */
export interface RunbookSummary {
  id: string;
  slug: string;
  title: string;
  source: "dir" | "ui";
  contentHash: string;
  chunkCount: number;
  updatedAt: string;
}

/** A runbook with its body and section outline. */
export interface RunbookDetail extends RunbookSummary {
  body: string;
  sections: Array<{ ordinal: number; section: string; anchor: string }>;
  createdAt: string;
}

function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = issuesFromZod(parsed.error.issues);
  const first = issues[0];
  throw new ApiError("unprocessable", first ? `${what}: ${first.path || "body"}: ${first.message}` : `${what}: invalid input`, issues);
}

const sourceOf = (source: string): "dir" | "ui" => (source === "dir" ? "dir" : "ui");

async function findBySlugOrThrow(db: Db, slug: string) {
  const parsedSlug = parseOrThrow(runbookSlugSchema, slug, "runbook");
  const row = await db.runbook.findUnique({ where: { slug: parsedSlug }, include: { _count: { select: { chunks: true } } } });
  if (!row) throw new ApiError("not_found", `runbook "${parsedSlug}" not found`);
  return row;
}

function refuseDirectoryRunbook(row: { slug: string; source: string }, verb: string): void {
  if (row.source === "dir") throw new ApiError("conflict", `runbook "${row.slug}" comes from RUNBOOKS_DIR and cannot be ${verb} here; change its file instead`);
}

export interface CreateRunbookOptions {
  db: Db;
  /** Untrusted input: `{ slug?, title, body }`. */
  input: unknown;
}

/** Creates a UI runbook; 409 if the slug is taken. */
export async function createRunbook({ db, input }: CreateRunbookOptions): Promise<RunbookDetail> {
  const parsed = parseOrThrow(createRunbookInputSchema, input, "runbook");
  const slug = parsed.slug ?? slugFromTitle(parsed.title);
  if (await db.runbook.findUnique({ where: { slug }, select: { id: true } })) throw new ApiError("conflict", `slug: a runbook named "${slug}" already exists`);
  await writeRunbook({ db, content: { slug, title: parsed.title, source: "ui", body: parsed.body } });
  return getRunbook({ db, slug });
}

export interface UpdateRunbookOptions {
  db: Db;
  slug: string;
  /** Untrusted input: `{ title?, body? }`. */
  input: unknown;
}

/** Edits a UI runbook; its chunks are rebuilt only when the body changed. */
export async function updateRunbook({ db, slug, input }: UpdateRunbookOptions): Promise<RunbookDetail> {
  const parsed = parseOrThrow(updateRunbookInputSchema, input, "runbook");
  const row = await findBySlugOrThrow(db, slug);
  refuseDirectoryRunbook(row, "edited");
  const title = parsed.title ?? row.title;
  const body = parsed.body ?? row.body;
  if (body !== row.body) {
    await writeRunbook({ db, content: { slug: row.slug, title, source: "ui", body }, existingId: row.id });
  } else if (title !== row.title) {
    // Section paths start with the title when the body has no H1 of its own.
    const chunks = chunkMarkdown({ body, fallbackTitle: title });
    await writeTransaction(db, async (tx) => {
      await tx.runbook.update({ where: { id: row.id }, data: { title } });
      for (const chunk of chunks) await tx.runbookChunk.updateMany({ where: { runbookId: row.id, ordinal: chunk.ordinal }, data: { section: chunk.section } });
    });
    markRunbooksChanged();
  }
  return getRunbook({ db, slug: row.slug });
}

export interface RunbookSlugOptions {
  db: Db;
  slug: string;
}

/** Deletes a UI runbook and its chunks. */
export async function deleteRunbook({ db, slug }: RunbookSlugOptions): Promise<{ slug: string; deleted: true }> {
  const row = await findBySlugOrThrow(db, slug);
  refuseDirectoryRunbook(row, "deleted");
  await db.runbook.delete({ where: { id: row.id } });
  markRunbooksChanged();
  return { slug: row.slug, deleted: true };
}

/** One runbook with body and outline; 404 names the slug. */
export async function getRunbook({ db, slug }: RunbookSlugOptions): Promise<RunbookDetail> {
  const row = await findBySlugOrThrow(db, slug);
  const sections = await db.runbookChunk.findMany({ where: { runbookId: row.id }, orderBy: { ordinal: "asc" }, select: { ordinal: true, section: true, anchor: true } });
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    source: sourceOf(row.source),
    contentHash: row.contentHash,
    chunkCount: row._count.chunks,
    updatedAt: row.updatedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    body: row.body,
    sections,
  };
}

export interface ListRunbooksOptions {
  db: Db;
  /** Only runbooks from this source. */
  source?: "dir" | "ui";
}

/** Every runbook, by slug. */
export async function listRunbooks({ db, source }: ListRunbooksOptions): Promise<RunbookSummary[]> {
  const rows = await db.runbook.findMany({ where: source ? { source } : {}, orderBy: { slug: "asc" }, include: { _count: { select: { chunks: true } } } });
  return rows.map((row) => ({ id: row.id, slug: row.slug, title: row.title, source: sourceOf(row.source), contentHash: row.contentHash, chunkCount: row._count.chunks, updatedAt: row.updatedAt.toISOString() }));
}
