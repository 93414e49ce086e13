/** Small text-layout pieces the cluster tools share. */
import { boundList } from "./bound";

/** A heading, the bounded lines, and the "… N more" note; `truncated` when items were left out. */
export function listSection<T>(options: { heading: string; items: readonly T[]; max: number; noun: string; hint?: string; line: (item: T) => string; empty?: string }): { text: string; truncated: boolean } {
  const bounded = boundList(options.items, { max: options.max, noun: options.noun, ...(options.hint ? { hint: options.hint } : {}) });
  const lines = [options.heading];
  if (options.items.length === 0) lines.push(options.empty ?? `  (no ${options.noun})`);
  for (const item of bounded.items) lines.push(options.line(item));
  if (bounded.note) lines.push(bounded.note);
  return { text: lines.join("\n"), truncated: bounded.omitted > 0 };
}

/** `key=value` pairs, skipping empty values. */
export function pairs(entries: Record<string, string | number | boolean | undefined>): string {
  return Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(" ");
}
