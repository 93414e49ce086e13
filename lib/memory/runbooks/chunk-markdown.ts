/**
 * Splits a markdown runbook into retrievable sections at its headings. Each chunk keeps its
 * heading path ("Cart connection refused > Mitigation") so a citation says where it came from,
 * and a GitHub-style anchor so the UI can link to it. A section longer than the limit is split
 * at paragraph boundaries (never inside a fenced code block unless the block alone is too long).
 */

/** Sections longer than this many characters are split into several chunks. */
export const MAX_CHUNK_CHARS = 2_400;

/** One section of a runbook. */
export interface MarkdownChunk {
  /** Position in the runbook, from 0. */
  ordinal: number;
  /** Heading path, outermost first, joined with " > ". */
  section: string;
  /** Anchor of the section's heading (`mitigation`, `mitigation-1` for a repeat). */
  anchor: string;
  /** The section's text, its heading line included. */
  text: string;
}

export interface ChunkMarkdownOptions {
  body: string;
  /** Used as the outermost heading when the document has no H1. */
  fallbackTitle?: string;
  maxChars?: number;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to dashes. */
export function slugifyHeading(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]*>/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
// A fence may open inside a list item ("1. ```"); missing it would swallow the headings after it.
const FENCE = /^\s*(?:(?:[-*+]|\d+[.)])\s+)?(```|~~~)/;

/** The text of the first H1, or undefined. */
export function markdownTitle(body: string): string | undefined {
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    if (inFence) continue;
    const match = HEADING.exec(line);
    if (match && match[1] === "#") return cleanHeading(match[2]!);
  }
  return undefined;
}

function cleanHeading(text: string): string {
  // Inline code and emphasis markers are formatting, not words of the heading.
  return text.replace(/[`*_]/g, "").trim();
}

/** Drops a leading YAML front matter block (`---` ... `---`). */
export function stripFrontMatter(body: string): string {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(body);
  return match ? body.slice(match[0].length) : body;
}

interface Section {
  path: string[];
  heading: string | undefined;
  lines: string[];
}

/** Chunks of `body`, in document order. Empty sections (a heading followed by another) are skipped. */
export function chunkMarkdown(options: ChunkMarkdownOptions): MarkdownChunk[] {
  const maxChars = options.maxChars ?? MAX_CHUNK_CHARS;
  const body = stripFrontMatter(options.body);
  const sections: Section[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  const title = markdownTitle(body) ?? options.fallbackTitle;
  let current: Section = { path: title ? [title] : [], heading: undefined, lines: [] };
  let inFence = false;
  for (const line of body.split(/\r?\n/)) {
    if (FENCE.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    if (!match) {
      current.lines.push(line);
      continue;
    }
    sections.push(current);
    const level = match[1]!.length;
    const text = cleanHeading(match[2]!);
    while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
    stack.push({ level, text });
    const path = stack.map((s) => s.text);
    // A document without an H1 still cites its title first.
    if (title && stack[0]?.level !== 1) path.unshift(title);
    current = { path, heading: text, lines: [line] };
  }
  sections.push(current);

  const seenAnchors = new Map<string, number>();
  const anchorFor = (heading: string | undefined) => {
    const base = heading ? slugifyHeading(heading) : "";
    const seen = seenAnchors.get(base) ?? 0;
    seenAnchors.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen}`;
  };

  const chunks: MarkdownChunk[] = [];
  for (const section of sections) {
    const anchor = anchorFor(section.heading);
    const text = section.lines.join("\n").trim();
    const content = section.heading ? text.split("\n").slice(1).join("\n").trim() : text;
    if (content.length === 0) continue;
    const sectionPath = section.path.join(" > ") || "(untitled)";
    const parts = splitLongText(text, maxChars);
    parts.forEach((part, i) => {
      chunks.push({ ordinal: chunks.length, section: parts.length > 1 ? `${sectionPath} (part ${i + 1} of ${parts.length})` : sectionPath, anchor, text: part });
    });
  }
  return chunks;
}

/** Splits at blank lines outside code fences, packing paragraphs up to `maxChars`; a paragraph still too long is cut at line breaks, then hard. */
function splitLongText(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const paragraphs: string[] = [];
  let buffer: string[] = [];
  let inFence = false;
  for (const line of text.split("\n")) {
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === "" && buffer.length > 0) {
      paragraphs.push(buffer.join("\n"));
      buffer = [];
      continue;
    }
    buffer.push(line);
  }
  if (buffer.length > 0) paragraphs.push(buffer.join("\n"));

  const pieces = paragraphs.flatMap((p) => (p.length <= maxChars ? [p] : hardSplit(p, maxChars)));
  const out: string[] = [];
  let current = "";
  for (const piece of pieces) {
    if (current && current.length + 2 + piece.length > maxChars) {
      out.push(current);
      current = piece;
    } else current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}

function hardSplit(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const lastBreak = rest.lastIndexOf("\n", maxChars);
    const cut = lastBreak > maxChars / 2 ? lastBreak : maxChars;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, "");
  }
  if (rest) out.push(rest);
  return out;
}
