/**
 * Kubernetes resource quantities ("500m", "2", "128Mi", "1.5Gi", "1e3") as plain numbers, and back
 * to the canonical strings the API server prints (quota messages, node allocatable).
 */

const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY_PATTERN = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/** True when `text` is a syntactically valid Kubernetes quantity. */
export function isQuantity(text: string): boolean {
  return QUANTITY_PATTERN.test(text.trim());
}

/**
 * The numeric value of a quantity in base units (cores for cpu, bytes for memory, a count otherwise).
 * Numbers are accepted as-is (YAML `cpu: 2` arrives as a number). Throws on malformed input.
 */
export function parseQuantity(input: string | number): number {
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw new Error(`quantity must be finite, got ${input}`);
    return input;
  }
  const match = QUANTITY_PATTERN.exec(input.trim());
  if (!match) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$', got "${input}"`);
  const mantissa = Number(match[1]);
  if (match[2]) return mantissa * 10 ** Number(match[2].slice(1));
  const suffix = match[3] ?? "";
  const factor = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix] ?? 1;
  return mantissa * factor;
}

/** CPU quantity in millicores, rounded up as Kubernetes does ("0.1" → 100, "1" → 1000). */
export function parseCpuMillis(input: string | number): number {
  return Math.ceil(Math.round(parseQuantity(input) * 1e9) / 1e6);
}

/** Memory (or any byte) quantity in bytes, rounded up. */
export function parseBytes(input: string | number): number {
  return Math.ceil(parseQuantity(input));
}

/** Parse without throwing: undefined for a missing or malformed value. */
export function tryParseQuantity(input: unknown): number | undefined {
  if (typeof input !== "string" && typeof input !== "number") return undefined;
  try {
    return parseQuantity(input);
  } catch {
    return undefined;
  }
}

/** Canonical CPU string: whole cores as "2", otherwise millicores as "1800m". */
export function formatCpuMillis(millis: number): string {
  const rounded = Math.ceil(millis);
  return rounded % 1000 === 0 ? String(rounded / 1000) : `${rounded}m`;
}

/**
 * Canonical byte string as Kubernetes prints binary quantities: the largest binary suffix that
 * divides the value exactly ("128Mi", "1536Mi", "2Gi"), else a decimal suffix, else plain bytes.
 */
export function formatBytes(bytes: number): string {
  const value = Math.ceil(bytes);
  if (value === 0) return "0";
  for (const suffix of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"] as const) {
    const factor = BINARY_SUFFIXES[suffix] ?? 1;
    if (value % factor === 0) return `${value / factor}${suffix}`;
  }
  for (const suffix of ["E", "P", "T", "G", "M", "k"] as const) {
    const factor = DECIMAL_SUFFIXES[suffix] ?? 1;
    if (value % factor === 0) return `${value / factor}${suffix}`;
  }
  return String(value);
}

/** The kind of unit a resource name measures, for parsing and printing. */
export type QuantityUnit = "cpu" | "bytes" | "count";

/** Unit of a resource name as used in requests/limits, node allocatable and quota (`requests.cpu`, `limits.memory`, `pods`, `count/services`). */
export function unitOfResource(resourceName: string): QuantityUnit {
  const base = resourceName.replace(/^(requests|limits)\./, "");
  if (base === "cpu") return "cpu";
  if (base === "memory" || base === "ephemeral-storage" || base === "storage" || base.startsWith("hugepages-")) return "bytes";
  return "count";
}

/** Parse a quantity into the integer unit the resource is counted in (millicores, bytes, items). */
export function parseResourceQuantity(resourceName: string, input: string | number): number {
  const unit = unitOfResource(resourceName);
  if (unit === "cpu") return parseCpuMillis(input);
  return Math.ceil(parseQuantity(input));
}

/** Print an amount counted by `parseResourceQuantity` the way the API server prints it. */
export function formatResourceQuantity(resourceName: string, amount: number): string {
  const unit = unitOfResource(resourceName);
  if (unit === "cpu") return formatCpuMillis(amount);
  if (unit === "bytes") return formatBytes(amount);
  return String(Math.ceil(amount));
}
