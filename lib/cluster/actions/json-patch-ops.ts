/**
 * Building the JSON patches the actions send: `test` ops that pin what the snapshot saw (so a
 * concurrent change fails the patch instead of being overwritten) and `add`/`replace`/`remove`
 * ops that set a field to a recorded value, creating missing parent objects on the way.
 */
import { parsePointer, toPointer, valueAt } from "./json-pointer";
import type { JsonPatchOp } from "./kind-clients";
import type { FieldGuard, FieldValue } from "./undo-record";

/** `test` ops for values that must still hold. */
export function testOps(guards: readonly FieldGuard[]): JsonPatchOp[] {
  return guards.map((guard) => ({ op: "test", path: guard.path, value: guard.value }));
}

/** Ops that make `path` hold `value` in an object that currently looks like `model`. */
export function setFieldOps(model: unknown, path: string, value: FieldValue): JsonPatchOp[] {
  const current = valueAt(model, path);
  if (!value.present) return current.present ? [{ op: "remove", path }] : [];
  if (current.present) return [{ op: "replace", path, value: value.value }];
  // JSON patch `add` needs the parent to exist: add the first missing ancestor with the rest nested in it.
  const segments = parsePointer(path);
  for (let depth = 1; depth <= segments.length; depth++) {
    const ancestor = toPointer(segments.slice(0, depth));
    if (valueAt(model, ancestor).present) continue;
    let nested: unknown = value.value;
    for (let i = segments.length - 1; i >= depth; i--) nested = { [segments[i] as string]: nested };
    return [{ op: "add", path: ancestor, value: nested }];
  }
  return [{ op: "add", path, value: value.value }];
}

/** Ops setting several fields, applied to `model` one after the other (later ops see earlier parents). */
export function setFieldsOps(model: unknown, fields: readonly { path: string; value: FieldValue }[]): JsonPatchOp[] {
  const working = structuredClone(model);
  const ops: JsonPatchOp[] = [];
  for (const field of fields) {
    const fieldOps = setFieldOps(working, field.path, field.value);
    for (const op of fieldOps) applyOpInPlace(working, op);
    ops.push(...fieldOps);
  }
  return ops;
}

/** Enough of RFC 6902 to keep the local model in step while building ops (add/replace/remove on objects and arrays). */
function applyOpInPlace(document: unknown, op: JsonPatchOp): void {
  const segments = parsePointer(op.path);
  const last = segments.pop();
  if (last === undefined) return;
  let parent: unknown = document;
  for (const segment of segments) parent = (parent as Record<string, unknown>)[segment];
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    if (op.op === "remove") parent.splice(index, 1);
    else if (op.op === "add") parent.splice(index, 0, structuredClone(op.value));
    else parent[index] = structuredClone(op.value);
  } else if (parent !== null && typeof parent === "object") {
    const record = parent as Record<string, unknown>;
    if (op.op === "remove") delete record[last];
    else record[last] = structuredClone(op.value);
  }
}
