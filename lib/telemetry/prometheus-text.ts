/**
 * A parser of the Prometheus text exposition format (0.0.4), enough to read kube-state-metrics
 * style gauges from a `/metrics` scrape: `name{label="value",...} value [timestamp]` lines,
 * comments and blank lines skipped. Used by the simulator source for pod state, which its query
 * API does not serve.
 */

/** One sample line. */
export interface ExpositionSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Thrown with the 1-based line number of the first line that is not valid exposition text. */
export class ExpositionParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "ExpositionParseError";
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string): number {
  if (text === "+Inf" || text === "Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (text === "NaN") return NaN;
  const n = Number(text);
  if (text === "" || Number.isNaN(n)) throw new Error(`invalid sample value "${text}"`);
  return n;
}

function parseLine(line: string): ExpositionSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error("expected a metric name");
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith("{")) {
    rest = rest.slice(1);
    for (;;) {
      rest = rest.trimStart();
      if (rest.startsWith("}")) {
        rest = rest.slice(1);
        break;
      }
      const labelName = LABEL_NAME.exec(rest)?.[0];
      if (!labelName) throw new Error("expected a label name");
      rest = rest.slice(labelName.length);
      if (!rest.startsWith('="')) throw new Error(`expected ="..." after label ${labelName}`);
      rest = rest.slice(2);
      let value = "";
      let i = 0;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === "\\") {
          const next = rest[++i];
          value += next === "n" ? "\n" : (next ?? "");
        } else value += rest[i];
      }
      if (i >= rest.length) throw new Error(`unterminated value of label ${labelName}`);
      labels[labelName] = value;
      rest = rest.slice(i + 1).trimStart();
      if (rest.startsWith(",")) rest = rest.slice(1);
      else if (!rest.startsWith("}")) throw new Error("expected , or } after a label");
    }
  }
  const fields = rest.trim().split(/\s+/);
  if (fields.length < 1 || fields.length > 2 || fields[0] === "") throw new Error("expected a value (and an optional timestamp) after the series");
  return { name, labels, value: parseValue(fields[0] ?? "") };
}

/** Parse a whole exposition. */
export function parseExposition(text: string): ExpositionSample[] {
  const samples: ExpositionSample[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || line.startsWith("#")) continue;
    try {
      samples.push(parseLine(line));
    } catch (error) {
      throw new ExpositionParseError(i + 1, (error as Error).message);
    }
  }
  return samples;
}
