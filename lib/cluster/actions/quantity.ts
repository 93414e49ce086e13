/**
 * Kubernetes resource quantities ("500m", "1Gi", "2") as numbers, only to compare an old and a
 * new value for risk rules; the API server stays the authority on what a quantity means.
 */

const SUFFIXES: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The pattern the params schemas accept for a quantity. */
export const QUANTITY_PATTERN = /^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** The value of a quantity, or undefined when it cannot be read. */
export function parseQuantity(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^[+]?(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(text.trim());
  if (!match) return undefined;
  const suffix = match[2] ?? "";
  const number = Number(match[1]);
  if (/^[eE][-+]?\d+$/.test(suffix)) return number * 10 ** Number(suffix.slice(1));
  const factor = SUFFIXES[suffix];
  return factor === undefined ? undefined : number * factor;
}

/** True when `next` is lower than `current` (unknown values count as lower: be cautious). */
export function quantityDecreases(current: string | undefined, next: string): boolean {
  if (current === undefined) return false;
  const a = parseQuantity(current);
  const b = parseQuantity(next);
  return a === undefined || b === undefined || b < a;
}
