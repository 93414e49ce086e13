/**
 * Strategic merge patch (`application/strategic-merge-patch+json`), the default of
 * `kubectl patch`, `kubectl apply`, `set image` and `set env`: like a JSON merge patch, except that
 * lists with a merge key (containers by name, ports by containerPort, ...) merge element by
 * element. Directives: `$patch: replace|delete|merge` in maps and list elements,
 * `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>` (honoured as an ordering hint)
 * and `$retainKeys`.
 */
import { badRequest } from "../errors";
import { cloneJson, isJsonObject, type JsonObject } from "../store/json-value";
import { listStrategy, type ListStrategy } from "./merge-keys";

const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
const SET_ELEMENT_ORDER = "$setElementOrder/";

/** Applies a strategic merge patch to a copy of `target` (an object of `kind`). */
export function applyStrategicMergePatch<T>(target: T, patch: unknown, kind: string): T {
  if (!isJsonObject(patch)) throw badRequest("strategic merge patch must be a JSON object");
  const merged = mergeMap(isJsonObject(target) ? target : {}, patch, [], kind);
  return (merged ?? {}) as T;
}

/** Returns the merged map, or undefined when the patch deletes the whole map. */
function mergeMap(original: JsonObject, patch: JsonObject, path: string[], kind: string): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === "delete") return undefined;
  if (directive === "replace") return stripDirectives(patch) as JsonObject;

  const out: JsonObject = cloneJson(original);
  const orders = new Map<string, unknown[]>();

  for (const [key, value] of Object.entries(patch)) {
    if (key === "$patch" || key === "$retainKeys") continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = out[field];
      if (Array.isArray(current) && Array.isArray(value)) out[field] = current.filter((item) => !value.includes(item));
      continue;
    }
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (Array.isArray(value)) orders.set(key.slice(SET_ELEMENT_ORDER.length), value);
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    const childPath = [...path, key];
    const current = out[key];
    if (Array.isArray(value)) {
      out[key] = mergeList(Array.isArray(current) ? current : [], value, childPath, kind);
    } else if (isJsonObject(value)) {
      const merged = mergeMap(isJsonObject(current) ? current : {}, value, childPath, kind);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = value;
    }
  }

  for (const [field, order] of orders) {
    const list = out[field];
    const strategy = listStrategy(kind, [...path, field]);
    if (Array.isArray(list) && strategy) out[field] = applyElementOrder(list, order, strategy);
  }

  const retainKeys = patch.$retainKeys;
  if (Array.isArray(retainKeys)) {
    for (const key of Object.keys(out)) if (!retainKeys.includes(key)) delete out[key];
  }
  return out;
}

function mergeList(original: unknown[], patch: unknown[], path: string[], kind: string): unknown[] {
  const strategy = listStrategy(kind, path);
  if (!strategy) return stripDirectives(patch) as unknown[];
  if ("primitiveMerge" in strategy) {
    const out = [...original];
    for (const item of patch) if (!out.includes(item)) out.push(item);
    return out;
  }
  const key = strategy.mergeKey;
  if (patch.some((item) => isJsonObject(item) && item.$patch === "replace")) {
    return patch.filter((item) => !(isJsonObject(item) && item.$patch === "replace")).map(stripDirectives);
  }
  const out: unknown[] = cloneJson(original);
  for (const item of patch) {
    if (!isJsonObject(item)) {
      out.push(item);
      continue;
    }
    const index = out.findIndex((existing) => isJsonObject(existing) && existing[key] === item[key] && item[key] !== undefined);
    if (item.$patch === "delete") {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(out[index] as JsonObject, item, path, kind);
      if (merged === undefined) out.splice(index, 1);
      else out[index] = merged;
    } else {
      out.push(stripDirectives(item));
    }
  }
  return out;
}

/** Puts elements named in `$setElementOrder` in that order; the others keep their relative place after them. */
function applyElementOrder(list: unknown[], order: unknown[], strategy: ListStrategy): unknown[] {
  const keyOf = (item: unknown): unknown => ("mergeKey" in strategy ? (isJsonObject(item) ? item[strategy.mergeKey] : undefined) : item);
  const wanted = order.map(keyOf);
  const ranked = list.map((item, index) => {
    const rank = wanted.findIndex((w) => w !== undefined && w === keyOf(item));
    return { item, rank: rank < 0 ? wanted.length + index : rank };
  });
  ranked.sort((a, b) => a.rank - b.rank);
  return ranked.map((r) => r.item);
}

/** Removes `$`-directives from values that are inserted verbatim. */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    if (key.startsWith("$")) continue;
    if (member === null) continue;
    out[key] = stripDirectives(member);
  }
  return out;
}
