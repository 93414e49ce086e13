/**
 * Alert fingerprints exactly as Prometheus' `model.LabelSet.Fingerprint()` computes them (and
 * Alertmanager prints them): FNV-1a 64 over label names and values sorted by name, each followed
 * by the 0xff separator byte, as 16 hex digits.
 */

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff;

function addBytes(hash: bigint, bytes: Uint8Array): bigint {
  let h = hash;
  for (const byte of bytes) h = ((h ^ BigInt(byte)) * FNV_PRIME) & MASK;
  return h;
}

const encoder = new TextEncoder();

/** Fingerprint of a label set. */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = FNV_OFFSET;
  for (const name of Object.keys(labels).sort()) {
    hash = addBytes(hash, encoder.encode(name));
    hash = ((hash ^ BigInt(SEPARATOR)) * FNV_PRIME) & MASK;
    hash = addBytes(hash, encoder.encode(labels[name] ?? ""));
    hash = ((hash ^ BigInt(SEPARATOR)) * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, "0");
}

/** Go's `model.LabelSet.String()`: `{a="1", b="2"}`, names sorted, values quoted with Go escaping. */
export function formatLabelSet(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name] ?? "")}`);
  return `{${parts.join(", ")}}`;
}
