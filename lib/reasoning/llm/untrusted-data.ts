/**
 * How data reaches the model: alert text, logs, events, runbooks and tool output are untrusted
 * (anyone who can write a log line or an alert annotation writes them), so they travel inside
 * tagged blocks the system prompt declares to be data, never instructions. A block's content
 * cannot close or open a block: tag look-alikes inside it are neutralised.
 */

/** Tag of a block of untrusted data. */
export const UNTRUSTED_TAG = "untrusted-data";
/** Tag of the deterministic analyzers' facts (our own output; strings inside may quote cluster data). */
export const FACTS_TAG = "grounded-facts";

const TAG_LOOKALIKE = new RegExp(`<(\\s*/?\\s*)(${UNTRUSTED_TAG}|${FACTS_TAG})`, "gi");

/** Replaces `<untrusted-data` / `</grounded-facts`-like sequences so data cannot break out of its block. */
export function neutraliseTags(text: string): string {
  return text.replace(TAG_LOOKALIKE, (_match, slash: string, tag: string) => `&lt;${slash}${tag}`);
}

function attributes(attrs: Record<string, string>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v.replace(/["<>&\n]/g, "_")}"`)
    .join("");
}

/** `text` inside an untrusted-data block with the given attributes (e.g. source, call_id). */
export function untrustedBlock(attrs: Record<string, string>, text: string): string {
  return `<${UNTRUSTED_TAG}${attributes(attrs)}>\n${neutraliseTags(text)}\n</${UNTRUSTED_TAG}>`;
}

/** The analyzers' facts as a JSON block the model (and the scripted model) can read. */
export function factsBlock(facts: unknown): string {
  return `<${FACTS_TAG}>\n${neutraliseTags(JSON.stringify(facts, null, 2))}\n</${FACTS_TAG}>`;
}

/** The JSON inside the first grounded-facts block of a text, if any (used by the scripted model and tests). */
export function readFactsBlock(text: string): unknown {
  const match = new RegExp(`<${FACTS_TAG}>\\n([\\s\\S]*?)\\n</${FACTS_TAG}>`).exec(text);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(match[1]) as unknown;
  } catch {
    return undefined;
  }
}

/** Clips a string for a prompt, saying how much was cut. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}... [${text.length - max} more characters]` : text;
}
