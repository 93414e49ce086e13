/**
 * A structured diff of two Kubernetes objects: each changed leaf as a JSON pointer with its value
 * before and after, plus a unified-diff-like text for the approval card. Server bookkeeping
 * (resourceVersion, generation, managedFields, status) is left out: it is not what the action
 * decides.
 */
import { jsonEqual, renderFieldValue, toPointer } from "./json-pointer";
import type { FieldValue } from "./undo-record";

export interface FieldDiff {
  op: "add" | "remove" | "replace";
  path: string;
  before: FieldValue;
  after: FieldValue;
}

/** Paths (as segment prefixes) that are the server's, not the action's. */
const IGNORED = ["/metadata/resourceVersion", "/metadata/generation", "/metadata/managedFields", "/metadata/uid", "/metadata/creationTimestamp", "/status"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function present(value: unknown): FieldValue {
  return value === undefined ? { present: false } : { present: true, value: value as never };
}

function walk(before: unknown, after: unknown, segments: (string | number)[], out: FieldDiff[]): void {
  const path = toPointer(segments);
  if (IGNORED.includes(path)) return;
  if (jsonEqual(before, after)) return;
  if (before === undefined || after === undefined) {
    out.push({ op: before === undefined ? "add" : "remove", path, before: present(before), after: present(after) });
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const key of keys) walk(before[key], after[key], [...segments, key], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) walk(before[i], after[i], [...segments, i], out);
    return;
  }
  out.push({ op: "replace", path, before: present(before), after: present(after) });
}

/** Changed leaves from `before` to `after` (either may be null: create or delete). */
export function diffObjects(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldDiff[] {
  if (before === null && after === null) return [];
  if (before === null || after === null) {
    // A whole object appears or disappears: one entry, not one per leaf.
    return [{ op: before === null ? "add" : "remove", path: "", before: present(before ?? undefined), after: present(after ?? undefined) }];
  }
  const out: FieldDiff[] = [];
  walk(before, after, [], out);
  return out;
}

/** `- path: old` / `+ path: new` lines, like a unified diff of the changed fields. */
export function renderDiff(changes: readonly FieldDiff[], objectName: string): string {
  const lines = [`--- ${objectName} (live)`, `+++ ${objectName} (after dry run)`];
  for (const change of changes) {
    const path = change.path || "(whole object)";
    if (change.before.present) lines.push(`- ${path}: ${renderFieldValue(change.before)}`);
    if (change.after.present) lines.push(`+ ${path}: ${renderFieldValue(change.after)}`);
  }
  return lines.join("\n");
}
