/**
 * Decoding `application/vnd.kubernetes.protobuf` request bodies into JSON objects. kubectl 1.32's
 * typed clients send protobuf for built-in kinds (`kubectl create namespace`, `create deployment`,
 * ...), and a real API server accepts it; responses stay JSON, which clients also accept.
 */
import { SimApiError } from "../../errors";
import { DECODABLE_KINDS, MESSAGES, type FieldSpec, type FieldType, type MessageSchema } from "./k8s-schemas";
import { readFields, varintToNumber, WIRE_LENGTH_DELIMITED, WIRE_VARINT, type WireField } from "./wire";

/** The 4-byte prefix of every Kubernetes protobuf payload ("k8s\0"). */
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

const utf8 = new TextDecoder();

function unsupported(what: string): SimApiError {
  return new SimApiError({
    code: 415,
    reason: "UnsupportedMediaType",
    message: `the simulated API server cannot decode protobuf ${what}; send application/json`,
  });
}

function decodeScalar(type: FieldType, field: WireField): unknown {
  if (type === "string") return field.bytes ? utf8.decode(field.bytes) : "";
  if (type === "bytes") return field.bytes ? Buffer.from(field.bytes).toString("base64") : "";
  if (type === "int32") return field.varint !== undefined ? varintToNumber(field.varint, 32) : 0;
  if (type === "int64") return field.varint !== undefined ? varintToNumber(field.varint, 64) : 0;
  if (type === "bool") return field.varint !== undefined && field.varint !== 0n;
  if (type === "Quantity") return readMessage(field, { 1: { name: "string", type: "string" } }).string ?? "";
  if (type === "Time") {
    const time = readMessage(field, { 1: { name: "seconds", type: "int64" }, 2: { name: "nanos", type: "int32" } });
    const seconds = typeof time.seconds === "number" ? time.seconds : 0;
    return seconds === 0 ? null : new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  }
  if (type === "IntOrString") {
    const value = readMessage(field, { 1: { name: "type", type: "int64" }, 2: { name: "intVal", type: "int32" }, 3: { name: "strVal", type: "string" } });
    return value.type === 1 ? (value.strVal ?? "") : (value.intVal ?? 0);
  }
  return undefined;
}

function readMessage(field: WireField, schema: MessageSchema): Record<string, unknown> {
  if (field.wireType !== WIRE_LENGTH_DELIMITED || !field.bytes) return {};
  return decodeMessage(field.bytes, schema);
}

function isZero(value: unknown): boolean {
  return value === "" || value === 0 || value === false || value === null;
}

function decodeValue(spec: FieldSpec, field: WireField): unknown {
  const type = spec.type;
  if (typeof type === "object" && "message" in type) {
    const schema = MESSAGES[type.message];
    return schema ? readMessage(field, schema) : {};
  }
  if (typeof type === "object" && "map" in type) return undefined;
  return decodeScalar(type, field);
}

/** Decodes a message by schema into the JSON shape the Kubernetes JSON encoding would give. */
export function decodeMessage(data: Uint8Array, schema: MessageSchema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of readFields(data)) {
    const spec = schema[field.number];
    if (!spec) continue;
    const type = spec.type;
    if (typeof type === "object" && "map" in type) {
      const entry = readMessage(field, { 1: { name: "key", type: "string" }, 2: { name: "value", type: type.map } });
      const map = (out[spec.name] as Record<string, unknown> | undefined) ?? {};
      map[String(entry.key ?? "")] = entry.value ?? (type.map === "string" || type.map === "bytes" ? "" : entry.value);
      out[spec.name] = map;
      continue;
    }
    if (spec.repeated) {
      const values = (out[spec.name] as unknown[] | undefined) ?? [];
      // Packed repeated scalars are not used by the fields decoded here (strings and messages).
      if (field.wireType === WIRE_VARINT || field.wireType === WIRE_LENGTH_DELIMITED) values.push(decodeValue(spec, field));
      out[spec.name] = values;
      continue;
    }
    const value = decodeValue(spec, field);
    if (value === undefined) continue;
    if (!spec.pointer && isZero(value)) continue;
    out[spec.name] = value;
  }
  return out;
}

/** Decodes a protobuf request body (magic + runtime.Unknown envelope) into a JSON object. */
export function decodeKubernetesProtobuf(body: Uint8Array): Record<string, unknown> {
  if (body.length < 4 || MAGIC.some((byte, i) => body[i] !== byte)) throw unsupported("bodies without the k8s envelope");
  // runtime.Unknown: 1 typeMeta, 2 raw (the object's own protobuf), 3 contentEncoding, 4 contentType.
  const fields = readFields(body.subarray(4));
  const typeMetaField = fields.find((f) => f.number === 1);
  const typeMeta = typeMetaField ? readMessage(typeMetaField, MESSAGES.TypeMeta as MessageSchema) : {};
  const apiVersion = typeof typeMeta.apiVersion === "string" ? typeMeta.apiVersion : "";
  const kind = typeof typeMeta.kind === "string" ? typeMeta.kind : "";
  const message = DECODABLE_KINDS[`${apiVersion}/${kind}`];
  if (!message) throw unsupported(`${kind || "objects"} (${apiVersion || "unknown version"})`);
  const raw = fields.find((f) => f.number === 2)?.bytes ?? new Uint8Array();
  return { apiVersion, kind, ...decodeMessage(raw, MESSAGES[message] as MessageSchema) };
}
