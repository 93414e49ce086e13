/**
 * Reading and decoding request bodies: JSON for most of what kubectl and client-node send, YAML
 * for server-side apply (`application/apply-patch+yaml`) and `application/yaml`, and the
 * Kubernetes protobuf envelope that kubectl's typed clients use for `kubectl create <kind>`.
 */
import type { IncomingMessage } from "node:http";
import { load } from "js-yaml";
import { badRequest, SimApiError } from "../errors";
import { decodeKubernetesProtobuf } from "./protobuf/decode";

/** The real API server's request body limit (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body (413 beyond MAX_BODY_BYTES). */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new SimApiError({ code: 413, reason: "BadRequest", message: "the request body is too large" });
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Decodes a body by its Content-Type (JSON, YAML or Kubernetes protobuf); empty bodies decode to undefined. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return undefined;
  const type = (contentType ?? "").toLowerCase();
  if (type.startsWith("application/vnd.kubernetes.protobuf")) return decodeKubernetesProtobuf(body);
  const text = body.toString("utf8");
  if (!text.trim()) return undefined;
  try {
    if (type.includes("yaml")) return load(text);
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw badRequest(`the request body could not be decoded: ${why}`);
  }
}
