/** RFC 6901 JSON pointers over plain JSON objects, for field-level patches and diffs. */
import type { FieldValue, JsonValue } from "./undo-record";

/** One pointer segment, escaped (`~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** `/a/b~1c` from segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${escapePointerSegment(String(s))}`).join("");
}

/** Segments of a pointer ("" is the whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at `pointer`, or absent. */
export function valueAt(document: unknown, pointer: string): FieldValue {
  let current: unknown = document;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(current)) {
      const index = Number(segment);
      if (!/^(0|[1-9]\d*)$/.test(segment) || index >= current.length) return { present: false };
      current = current[index];
    } else if (current !== null && typeof current === "object" && Object.prototype.hasOwnProperty.call(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { present: false };
    }
  }
  return current === undefined ? { present: false } : { present: true, value: current as JsonValue };
}

/** The pointer of the parent ("" for top-level members). */
export function parentPointer(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf("/"));
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((k) => aRecord[k] !== undefined);
  const bKeys = Object.keys(bRecord).filter((k) => bRecord[k] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((k) => Object.prototype.hasOwnProperty.call(bRecord, k) && jsonEqual(aRecord[k], bRecord[k]));
}

/** Equality of two possibly-absent values. */
export function fieldValuesEqual(a: FieldValue, b: FieldValue): boolean {
  if (!a.present || !b.present) return a.present === b.present;
  return jsonEqual(a.value, b.value);
}

/** Short, one-line rendering of a field value for messages and diffs. */
export function renderFieldValue(value: FieldValue, max = 160): string {
  if (!value.present) return "(absent)";
  const text = JSON.stringify(value.value) ?? "undefined";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
