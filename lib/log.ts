/**
 * Structured logs: one JSON object per line on stdout (stderr for errors), so any log shipper
 * can parse them. Every line has `time`, `level` and `event`; request-scoped loggers add `requestId`.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (e.g. `{ requestId }`). */
  child(fields: LogFields): Logger;
}

// On globalThis: Next.js may load this module once per server bundle, and the level set at
// start-up must hold in all of them.
const globalForLog = globalThis as unknown as { agenticSreLogLevel?: LogLevel };

/** Set by start-up from the validated env (`lib/env.ts`); until then, info. */
export function setLogLevel(level: LogLevel): void {
  globalForLog.agenticSreLogLevel = level;
}

const RESERVED_KEYS = new Set(["time", "level", "event"]);

function serializeError(error: unknown): unknown {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack?.split("\n").slice(0, 8).join("\n") };
  }
  return error;
}

function write(level: LogLevel, event: string, base: LogFields, fields?: LogFields): void {
  if (LEVEL_RANK[level] < LEVEL_RANK[globalForLog.agenticSreLogLevel ?? "info"]) return;
  const line: LogFields = { time: new Date().toISOString(), level, event };
  // time, level and event are the line's identity: fields of the same name cannot overwrite them.
  for (const [key, value] of Object.entries({ ...base, ...fields })) if (!RESERVED_KEYS.has(key)) line[key] = value;
  if ("error" in line) line.error = serializeError(line.error);
  const text = JSON.stringify(line);
  if (level === "error" || level === "warn") process.stderr.write(`${text}\n`);
  else process.stdout.write(`${text}\n`);
}

function createLogger(base: LogFields): Logger {
  return {
    debug: (event, fields) => write("debug", event, base, fields),
    info: (event, fields) => write("info", event, base, fields),
    warn: (event, fields) => write("warn", event, base, fields),
    error: (event, fields) => write("error", event, base, fields),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}

/** The process-wide logger. */
export const log: Logger = createLogger({});
