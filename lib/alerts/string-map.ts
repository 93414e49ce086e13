import { z } from "zod";
import { boundText, MAX_KEY_LENGTH } from "./text-limits";

/** A label or annotation value as sources send it; numbers and booleans are converted, null dropped. */
const scalarValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: "expected a string (numbers and booleans are converted, null is dropped)",
});

/**
 * Converts a map of scalars into the string map `labels`/`annotations` require: numbers and
 * booleans become strings, null entries and blank keys are dropped, keys and values are trimmed
 * and bounded (values to `maxValueLength`).
 */
export function toStringMap(
  input: Readonly<Record<string, string | number | boolean | null | undefined>>,
  maxValueLength: number,
): Record<string, string> {
  const output: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(input)) {
    const key = boundText(rawKey, MAX_KEY_LENGTH);
    if (key === "" || value == null) continue;
    output[key] = boundText(String(value), maxValueLength);
  }
  return output;
}

/**
 * Zod schema for a `labels`/`annotations` object: an object of scalar values, transformed with
 * {@link toStringMap}. A nested object or array as a value is an error at that key's path.
 */
export function stringMapSchema(maxValueLength: number) {
  return z.record(z.string(), scalarValueSchema).transform((map) => toStringMap(map, maxValueLength));
}
