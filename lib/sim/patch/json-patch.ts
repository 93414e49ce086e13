/**
 * RFC 6902 JSON Patch (`application/json-patch+json`): add, remove, replace, move, copy, test.
 * A malformed patch is 400 BadRequest; an operation that does not apply (missing path, failed
 * `test`) is 422, as the real API server answers.
 */
import { badRequest, SimApiError } from "../errors";
import { cloneJson, isJsonObject, jsonEqual } from "../store/json-value";

export interface JsonPatchOperation {
  op: "add" | "remove" | "replace" | "move" | "copy" | "test";
  path: string;
  from?: string;
  value?: unknown;
}

function unprocessable(message: string): SimApiError {
  return new SimApiError({ code: 422, reason: "Invalid", message });
}

/** RFC 6901 pointer to its unescaped tokens (`/a~1b/0` -> ["a/b", "0"]). */
function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw badRequest(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function arrayIndex(token: string, length: number, allowEnd: boolean, pointer: string): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw unprocessable(`invalid array index "${token}" in path "${pointer}"`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw unprocessable(`array index ${index} out of bounds in path "${pointer}"`);
  return index;
}

/** Resolves the parent container of the last token; throws 422 when an intermediate member is missing. */
function parentOf(doc: unknown, tokens: string[], pointer: string): { parent: unknown; last: string } {
  let current = doc;
  for (let i = 0; i < tokens.length - 1; i++) {
    const token = tokens[i] as string;
    if (Array.isArray(current)) current = current[arrayIndex(token, current.length, false, pointer)];
    else if (isJsonObject(current) && Object.prototype.hasOwnProperty.call(current, token)) current = current[token];
    else throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  }
  return { parent: current, last: tokens[tokens.length - 1] as string };
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false, pointer)];
  if (isJsonObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) return parent[last];
  throw unprocessable(`doc is missing path: "${pointer}": missing value`);
}

function addAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true, pointer), 0, value);
  else if (isJsonObject(parent)) parent[last] = value;
  else throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  return doc;
}

function removeAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw unprocessable("cannot remove the whole document");
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false, pointer), 1);
  else if (isJsonObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw unprocessable(`Unable to remove nonexistent key: ${last}: missing value`);
  return doc;
}

function replaceAt(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false, pointer)] = value;
  else if (isJsonObject(parent) && Object.prototype.hasOwnProperty.call(parent, last)) parent[last] = value;
  else throw unprocessable(`jsonpatch replace operation does not apply: doc is missing key: ${pointer}: missing value`);
  return doc;
}

/** Checks the patch document's shape (400 when it is not a list of operations). */
export function parseJsonPatch(patch: unknown): JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw badRequest("json patch must be a JSON array of operations");
  return patch.map((op, index) => {
    if (!isJsonObject(op) || typeof op.op !== "string" || typeof op.path !== "string") {
      throw badRequest(`json patch operation ${index} needs string "op" and "path"`);
    }
    if (!["add", "remove", "replace", "move", "copy", "test"].includes(op.op)) throw badRequest(`Unexpected kind: ${op.op}`);
    if ((op.op === "move" || op.op === "copy") && typeof op.from !== "string") throw badRequest(`json patch "${op.op}" operation needs "from"`);
    if ((op.op === "add" || op.op === "replace" || op.op === "test") && !("value" in op)) throw badRequest(`json patch "${op.op}" operation needs "value"`);
    return op as unknown as JsonPatchOperation;
  });
}

/** Applies an RFC 6902 patch to a copy of `document` and returns the result. */
export function applyJsonPatch<T>(document: T, patch: unknown): T {
  const operations = parseJsonPatch(patch);
  let doc: unknown = cloneJson(document);
  for (const op of operations) {
    switch (op.op) {
      case "add":
        doc = addAt(doc, op.path, cloneJson(op.value));
        break;
      case "remove":
        doc = removeAt(doc, op.path);
        break;
      case "replace":
        doc = replaceAt(doc, op.path, cloneJson(op.value));
        break;
      case "move": {
        const value = getAt(doc, op.from as string);
        doc = addAt(removeAt(doc, op.from as string), op.path, value);
        break;
      }
      case "copy":
        doc = addAt(doc, op.path, cloneJson(getAt(doc, op.from as string)));
        break;
      case "test":
        if (!jsonEqual(getAt(doc, op.path), op.value)) {
          throw unprocessable(`the server rejected our request due to an error in our request: testing value ${op.path} failed: test operation failed`);
        }
        break;
    }
  }
  return doc as T;
}
