/**
 * client-node 1.x deserializes responses into model classes (Date objects, renamed members such
 * as NetworkPolicy's `_from`). Snapshots, diffs and JSON-patch `test` values must be the API's
 * own JSON, so every object read through the typed clients is turned back into wire form here.
 */
import * as clientNode from "@kubernetes/client-node";
import type { KubeObject } from "./types";

interface AttributeMap {
  name: string;
  baseName: string;
}

/** RFC 3339 as Kubernetes writes it: whole seconds without a fraction. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/** The wire JSON of a value returned by a typed client-node call. */
export function toWireJson(value: unknown): unknown {
  if (value instanceof Date) return rfc3339(value);
  if (Array.isArray(value)) return value.map(toWireJson);
  if (value === null || typeof value !== "object") return value;
  const model = value.constructor as { getAttributeTypeMap?: () => AttributeMap[] } | undefined;
  const renames = new Map((model?.getAttributeTypeMap?.() ?? []).map((a) => [a.name, a.baseName]));
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    out[renames.get(key) ?? key] = toWireJson(member);
  }
  return out;
}

/** `toWireJson` for a whole object. */
export function toWireObject(value: unknown): KubeObject {
  const wire = toWireJson(value);
  return wire !== null && typeof wire === "object" && !Array.isArray(wire) ? (wire as KubeObject) : {};
}

/** A client-node model class, as exported by the package (e.g. `V1NetworkPolicy`). */
interface ModelClass {
  getAttributeTypeMap(): (AttributeMap & { type: string })[];
}

const ARRAY_TYPE = /^Array<(.+)>$/;
const MAP_TYPE = /^\{ \[key: string\]: (.+); \}$/;

/**
 * The model-shaped form of wire JSON, for typed create calls: client-node serializes request
 * bodies by model member names, so `from` must be given as `_from` or it is silently dropped.
 * Values stay JSON (timestamps remain strings, which the serializer passes through).
 */
export function toModelJson(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return value;
  const array = ARRAY_TYPE.exec(type);
  if (array && Array.isArray(value)) return value.map((item) => toModelJson(item, array[1] ?? ""));
  const map = MAP_TYPE.exec(type);
  if (map && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toModelJson(v, map[1] ?? "")]));
  const model = (clientNode as unknown as Record<string, ModelClass | undefined>)[type];
  if (typeof value !== "object" || Array.isArray(value) || typeof model?.getAttributeTypeMap !== "function") return value;
  const wire = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const attribute of model.getAttributeTypeMap()) {
    if (wire[attribute.baseName] !== undefined) out[attribute.name] = toModelJson(wire[attribute.baseName], attribute.type);
  }
  return out;
}
