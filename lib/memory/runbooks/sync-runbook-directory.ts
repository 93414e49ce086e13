import "server-only";
/**
 * Mirrors the markdown files under RUNBOOKS_DIR into the database: new files are added, changed
 * ones (by sha256 of the body) re-chunked, removed ones deleted; unchanged files cost one hash.
 * Idempotent, so it runs at every start. Runbooks written in the UI are never touched; a file
 * whose slug a UI runbook already holds is skipped and reported.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../../db/client";
import { markRunbooksChanged } from "./runbook-change-signal";
import { contentHash } from "./content-hash";
import { MAX_RUNBOOK_BODY_CHARS, slugFromPath } from "./runbook-schemas";
import { titleOf, writeRunbook } from "./write-runbook";

/** Default RUNBOOKS_DIR (relative to the working directory). */
export const DEFAULT_RUNBOOKS_DIR = "./runbooks";

/** Directory depth searched below RUNBOOKS_DIR. */
const MAX_DEPTH = 5;

export interface SyncRunbookDirectoryOptions {
  db: Db;
  /** The directory (RUNBOOKS_DIR). A missing directory syncs as empty (every dir runbook removed). */
  dir: string;
}

/** What a sync did. */
export interface RunbookSyncReport {
  created: string[];
  updated: string[];
  unchanged: string[];
  deleted: string[];
  /** Files not imported, each with why. */
  skipped: Array<{ file: string; reason: string }>;
}

async function markdownFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (entry.isFile() && /\.md$/i.test(entry.name) && entry.name.toLowerCase() !== "readme.md") out.push(path.relative(root, full));
    }
  }
  try {
    if (!(await stat(root)).isDirectory()) return [];
  } catch {
    return [];
  }
  await walk(root, 0);
  return out.sort();
}

/** Syncs RUNBOOKS_DIR into the database (see the module comment). */
export async function syncRunbookDirectory({ db, dir }: SyncRunbookDirectoryOptions): Promise<RunbookSyncReport> {
  const report: RunbookSyncReport = { created: [], updated: [], unchanged: [], deleted: [], skipped: [] };
  const existing = new Map((await db.runbook.findMany({ select: { id: true, slug: true, source: true, contentHash: true, title: true } })).map((r) => [r.slug, r]));
  const seen = new Set<string>();
  for (const file of await markdownFiles(dir)) {
    const slug = slugFromPath(file);
    if (!slug) {
      report.skipped.push({ file, reason: "file name is not a valid runbook slug (use lowercase letters, digits, - _ .)" });
      continue;
    }
    if (seen.has(slug)) {
      report.skipped.push({ file, reason: `another file already maps to slug "${slug}"` });
      continue;
    }
    const body = await readFile(path.join(dir, file), "utf8");
    if (body.length > MAX_RUNBOOK_BODY_CHARS) {
      report.skipped.push({ file, reason: `larger than ${MAX_RUNBOOK_BODY_CHARS} characters` });
      continue;
    }
    if (body.trim().length === 0) {
      report.skipped.push({ file, reason: "empty file" });
      continue;
    }
    const row = existing.get(slug);
    if (row && row.source !== "dir") {
      report.skipped.push({ file, reason: `a runbook written in the UI already uses slug "${slug}"` });
      continue;
    }
    seen.add(slug);
    const title = titleOf(body, slug);
    if (row && row.contentHash === contentHash(body) && row.title === title) {
      report.unchanged.push(slug);
      continue;
    }
    await writeRunbook({ db, content: { slug, title, source: "dir", body }, existingId: row?.id });
    (row ? report.updated : report.created).push(slug);
  }
  const gone = [...existing.values()].filter((r) => r.source === "dir" && !seen.has(r.slug));
  if (gone.length > 0) {
    await db.runbook.deleteMany({ where: { id: { in: gone.map((r) => r.id) } } });
    report.deleted.push(...gone.map((r) => r.slug));
    markRunbooksChanged();
  }
  return report;
}
