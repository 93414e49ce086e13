/**
 * The write-ahead undo record: stored by the pipeline before `execute` runs, so an undo is
 * possible even if the process dies mid-action. JSON-serializable and deterministic: undo
 * replays it without reasoning.
 */
import { z } from "zod";

/** Any JSON value. */
export type JsonValue = z.infer<ReturnType<typeof z.json>>;

/** A value at a JSON pointer, or its absence (JSON has no `undefined`, so absence is explicit). */
export const fieldValueSchema = z.discriminatedUnion("present", [
  z.object({ present: z.literal(true), value: z.json() }).strict(),
  z.object({ present: z.literal(false) }).strict(),
]);
export type FieldValue = z.infer<typeof fieldValueSchema>;

/** One field an action changes: its value before (snapshot) and after (the server's dry run). */
export const fieldChangeSchema = z
  .object({
    path: z.string().describe("JSON pointer (RFC 6901) of the changed field"),
    before: fieldValueSchema,
    after: fieldValueSchema,
  })
  .strict();
export type FieldChange = z.infer<typeof fieldChangeSchema>;

/** A value that must still hold for the change to be meaningful (e.g. the container name at an index). */
export const fieldGuardSchema = z.object({ path: z.string(), value: z.json() }).strict();
export type FieldGuard = z.infer<typeof fieldGuardSchema>;

export const objectRefSchema = z
  .object({ apiVersion: z.string(), kind: z.string(), namespace: z.string(), name: z.string() })
  .strict();

/** What the undo must do, by how the action changed the cluster. */
export const undoPlanSchema = z.discriminatedUnion("kind", [
  // Patched object: put each changed field back to `before`, if it still holds `after`.
  z.object({ kind: z.literal("restore-fields"), changes: z.array(fieldChangeSchema).min(1), guards: z.array(fieldGuardSchema) }).strict(),
  // Deleted object: create it again from this manifest (server-managed metadata stripped).
  z.object({ kind: z.literal("recreate"), manifest: z.record(z.string(), z.json()) }).strict(),
  // Created object: delete it, if the fields we set are still ours.
  z.object({ kind: z.literal("delete-created"), expected: z.array(fieldGuardSchema) }).strict(),
  // Deleted controller-owned pod: nothing to restore, the owner replaces it; verify a replacement exists.
  z
    .object({
      kind: z.literal("controller-recreates"),
      owner: z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), uid: z.string() }).strict(),
      deletedUid: z.string(),
    })
    .strict(),
]);
export type UndoPlan = z.infer<typeof undoPlanSchema>;

/** Bumped when the record's shape changes, so stored records from older versions are recognised. */
export const UNDO_RECORD_VERSION = 1;

export const undoRecordSchema = z
  .object({
    version: z.literal(UNDO_RECORD_VERSION),
    actionType: z.string(),
    target: objectRefSchema,
    /** Wall-clock time the snapshot was taken (ISO 8601). */
    takenAt: z.string(),
    /** The whole live object before execution (null when the action creates it). */
    snapshot: z.record(z.string(), z.json()).nullable(),
    resourceVersion: z.string().nullable(),
    uid: z.string().nullable(),
    generation: z.number().nullable(),
    undo: undoPlanSchema,
  })
  .strict();
export type UndoRecord = z.infer<typeof undoRecordSchema>;
