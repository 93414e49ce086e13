/** Typed reads of the few fields the actions need from wire-JSON objects. */
import type { KubeObject, ObjectRef } from "./types";
import { UNDO_RECORD_VERSION, type UndoPlan, type UndoRecord } from "./undo-record";

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
}

export function metadataOf(object: KubeObject | null | undefined): ObjectMeta {
  const metadata = object?.metadata;
  return metadata !== null && typeof metadata === "object" ? (metadata as ObjectMeta) : {};
}

/** A member of the object's `spec`, typed by the caller (absent → undefined). */
export function specOf<T>(object: KubeObject | null | undefined): T | undefined {
  const spec = object?.spec;
  return spec !== null && typeof spec === "object" ? (spec as T) : undefined;
}

export function labelsOf(object: KubeObject): Record<string, string> {
  return metadataOf(object).labels ?? {};
}

export function nameOf(object: KubeObject): string {
  return metadataOf(object).name ?? "";
}

/** A deep copy of a JSON object. */
export function cloneObject<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The write-ahead undo record of an action about to change `live`: the object as it is now (with
 * the versions that tell later whether someone else changed it) and the undo plan.
 */
export function undoRecordOf(options: { actionType: string; target: ObjectRef; live: KubeObject; undo: UndoPlan }): UndoRecord {
  const meta = metadataOf(options.live);
  return {
    version: UNDO_RECORD_VERSION,
    actionType: options.actionType,
    target: options.target,
    takenAt: new Date().toISOString(),
    snapshot: options.live as UndoRecord["snapshot"],
    resourceVersion: meta.resourceVersion ?? null,
    uid: meta.uid ?? null,
    generation: meta.generation ?? null,
    undo: options.undo,
  };
}
