/**
 * Protocol Buffers wire format reading (varints, length-delimited fields), enough to decode
 * the Kubernetes protobuf bodies kubectl's typed clients send.
 */
import { badRequest } from "../../errors";

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

export interface WireField {
  number: number;
  wireType: number;
  /** Varint value (as a bigint so int64 survives) for wire type 0. */
  varint?: bigint;
  /** Payload for length-delimited and fixed fields. */
  bytes?: Uint8Array;
}

function malformed(): never {
  throw badRequest("the request body could not be decoded: malformed protobuf");
}

/** Reads one varint at `offset`; returns its value and the offset after it. */
export function readVarint(data: Uint8Array, offset: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    const byte = data[offset + i];
    if (byte === undefined) malformed();
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, offset + i + 1];
    shift += 7n;
  }
  return malformed();
}

/** Splits a message into its fields, in wire order. */
export function readFields(data: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let offset = 0;
  while (offset < data.length) {
    const [key, afterKey] = readVarint(data, offset);
    offset = afterKey;
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    switch (wireType) {
      case WIRE_VARINT: {
        const [value, next] = readVarint(data, offset);
        fields.push({ number, wireType, varint: value });
        offset = next;
        break;
      }
      case WIRE_LENGTH_DELIMITED: {
        const [length, next] = readVarint(data, offset);
        const end = next + Number(length);
        if (end > data.length) malformed();
        fields.push({ number, wireType, bytes: data.subarray(next, end) });
        offset = end;
        break;
      }
      case WIRE_FIXED64:
        if (offset + 8 > data.length) malformed();
        fields.push({ number, wireType, bytes: data.subarray(offset, offset + 8) });
        offset += 8;
        break;
      case WIRE_FIXED32:
        if (offset + 4 > data.length) malformed();
        fields.push({ number, wireType, bytes: data.subarray(offset, offset + 4) });
        offset += 4;
        break;
      default:
        malformed();
    }
  }
  return fields;
}

/** A varint as a signed 64-bit integer converted to a JS number (ints beyond 2^53 lose precision). */
export function varintToNumber(value: bigint, bits: 32 | 64): number {
  const signed = bits === 32 ? BigInt.asIntN(32, value) : BigInt.asIntN(64, value);
  return Number(signed);
}
