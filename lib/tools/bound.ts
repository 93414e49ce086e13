/**
 * Output bounds for tools: a model reads every character a tool returns, so lists and text are
 * cut at named limits, and every cut says so in words the model can act on ("… 37 more pods
 * not shown; narrow with labelSelector").
 */

/** Character budget of one tool's text output unless the tool sets its own. */
export const DEFAULT_MAX_OUTPUT_CHARS = 8_000;

/** Items of one list a tool shows unless the caller asks for fewer. */
export const DEFAULT_MAX_LIST_ITEMS = 50;

/** A list cut to at most `max` items, with the note to print when something was left out. */
export interface BoundedList<T> {
  items: T[];
  /** How many items were left out. */
  omitted: number;
  /** "… 37 more pods not shown" or undefined when nothing was cut. */
  note: string | undefined;
}

export interface BoundListOptions {
  /** Most items kept. */
  max: number;
  /** Plural noun for the note ("pods", "events"). */
  noun: string;
  /** Appended to the note, e.g. how to narrow the query. */
  hint?: string;
}

/** Keeps the first `max` items and describes the rest. */
export function boundList<T>(items: readonly T[], options: BoundListOptions): BoundedList<T> {
  const max = Math.max(0, Math.floor(options.max));
  if (items.length <= max) return { items: [...items], omitted: 0, note: undefined };
  const omitted = items.length - max;
  const hint = options.hint ? `; ${options.hint}` : "";
  return { items: items.slice(0, max), omitted, note: `… ${omitted} more ${options.noun} not shown${hint}` };
}

/** Text cut to a character budget. */
export interface BoundedText {
  text: string;
  truncated: boolean;
}

/**
 * Cuts `text` to at most `maxChars` characters, at a line break when one is near, and ends it
 * with a note saying how much was left out (the note fits inside the budget).
 */
export function boundText(text: string, maxChars: number): BoundedText {
  if (text.length <= maxChars) return { text, truncated: false };
  const noteFor = (omitted: number) => `\n… output truncated: ${omitted} more characters not shown (limit ${maxChars})`;
  // Reserve room for the note with the widest possible count.
  const room = Math.max(0, maxChars - noteFor(text.length).length);
  let cut = text.slice(0, room);
  const lastBreak = cut.lastIndexOf("\n");
  // Prefer a whole line unless that throws away most of the budget.
  if (lastBreak > room * 0.8) cut = cut.slice(0, lastBreak);
  return { text: `${cut}${noteFor(text.length - cut.length)}`, truncated: true };
}

/** Shortens one line (a log line, an event message) so a single huge line cannot eat the budget. */
export function clipLine(line: string, maxChars: number): string {
  return line.length <= maxChars ? line : `${line.slice(0, Math.max(0, maxChars - 1))}…`;
}
