/**
 * What a container's process does once started, derived from the image contents and the
 * container's command/args/env — the reason a wrong command gives "executable file not found in
 * $PATH", a missing env var makes postgres exit 1, and `sh -c "sleep 5; exit 3"` exits 3 after 5s.
 * Pure: no clock, no store.
 */
import type { ImageTagSpec, ProgramKind } from "../images";

/** A log line the process prints `afterMs` after it starts. */
export interface PlannedLogLine {
  afterMs: number;
  text: string;
}

/** The runtime could not exec the process: terminated with reason StartError, exit code 128. */
export interface StartFailure {
  kind: "start-error";
  message: string;
}

/** A process that started. */
export interface RunningProcessPlan {
  kind: "run";
  logs: PlannedLogLine[];
  /** Ports it accepts connections on, from `afterMs` after start. */
  listen?: { ports: number[]; afterMs: number };
  /** When and how it exits on its own; absent: runs until killed. */
  exit?: { code: number; afterMs: number };
}

export type ProcessPlan = StartFailure | RunningProcessPlan;

/** Inputs of `planProcess`. */
export interface ProcessInput {
  image: ImageTagSpec;
  command?: string[];
  args?: string[];
  /** Resolved environment of the container. */
  env: Record<string, string>;
}

/** The argv the runtime executes: command replaces ENTRYPOINT, args replace CMD (Docker semantics). */
export function effectiveArgv(image: ImageTagSpec, command: string[] | undefined, args: string[] | undefined): string[] {
  if (command && command.length > 0) return [...command, ...(args ?? [])];
  if (args && args.length > 0) return [...image.entrypoint, ...args];
  return [...image.entrypoint, ...image.cmd];
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function lookupProgram(image: ImageTagSpec, executable: string): ProgramKind | undefined {
  return image.programs[basename(executable)];
}

/** containerd's message when exec of the entrypoint fails. */
export function execNotFoundMessage(executable: string): string {
  const why = executable.includes("/")
    ? `exec: "${executable}": stat ${executable}: no such file or directory`
    : `exec: "${executable}": executable file not found in $PATH`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${why}: unknown`;
}

function exitNow(code: number, logs: PlannedLogLine[] = [], afterMs = 0): RunningProcessPlan {
  return { kind: "run", logs, exit: { code, afterMs } };
}

function portFromArgs(args: string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const inline = /^--?(?:port|listen|http-port)=(\d+)$/.exec(arg);
    if (inline) return Number(inline[1]);
    if (/^--?(?:port|listen|http-port|p)$/.test(arg) && /^\d+$/.test(args[i + 1] ?? "")) return Number(args[i + 1]);
  }
  return undefined;
}

function serverPlan(image: ImageTagSpec, args: string[], env: Record<string, string>, delayMs: number): RunningProcessPlan {
  for (const required of image.requiredEnv ?? []) {
    if (!env[required.name]) {
      return exitNow(
        1,
        required.message.map((text) => ({ afterMs: delayMs + 500, text })),
        delayMs + 1000,
      );
    }
  }
  const ports = [...image.ports];
  const fromEnv = image.portEnv ? env[image.portEnv] : undefined;
  const override = portFromArgs(args) ?? (fromEnv && /^\d+$/.test(fromEnv) ? Number(fromEnv) : undefined);
  if (override !== undefined) {
    if (ports.length > 0) ports[0] = override;
    else ports.push(override);
  }
  const port = String(ports[0] ?? "");
  const lines = image.startupLog.map((line) => line.replaceAll("{port}", port));
  const listenAfter = delayMs + Math.round(image.startupSeconds * 1000);
  const logs = lines.map((text, i) => ({ afterMs: i === lines.length - 1 ? listenAfter : delayMs, text }));
  return { kind: "run", logs, listen: { ports, afterMs: listenAfter } };
}

/** Split a shell word list the simple way: whitespace, single and double quotes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || current) words.push(current);
      current = "";
      has = false;
    } else {
      current += ch;
      has = true;
    }
  }
  if (has || current) words.push(current);
  return words;
}

function expand(word: string, env: Record<string, string>): string {
  return word.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => env[name] ?? "");
}

function sleepMs(arg: string | undefined): number | "forever" | undefined {
  if (arg === "infinity" || arg === "inf") return "forever";
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg ?? "");
  if (!match) return undefined;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? ""] ?? 1;
  return Number(match[1]) * unit * 1000;
}

/**
 * Run `argv` as a program of the image starting `delayMs` into the process's life.
 * Used for the entrypoint itself and for commands inside `sh -c` scripts.
 */
function runArgv(image: ImageTagSpec, argv: string[], env: Record<string, string>, delayMs: number, logs: PlannedLogLine[], depth: number): RunningProcessPlan | { notFound: string } {
  const [executable, ...rest] = argv;
  if (executable === undefined) return exitNow(0, logs, delayMs);
  const kind = lookupProgram(image, executable);
  if (!kind) return { notFound: executable };
  switch (kind) {
    case "server": {
      const plan = serverPlan(image, rest, env, delayMs);
      return { ...plan, logs: [...logs, ...plan.logs] };
    }
    case "idle":
      return { kind: "run", logs };
    case "sleep": {
      const ms = sleepMs(rest[0]);
      if (ms === undefined) return exitNow(1, [...logs, { afterMs: delayMs, text: `sleep: invalid number '${rest[0] ?? ""}'` }], delayMs);
      if (ms === "forever") return { kind: "run", logs };
      return exitNow(0, logs, delayMs + ms);
    }
    case "echo":
      return exitNow(0, [...logs, { afterMs: delayMs, text: rest.join(" ") }], delayMs);
    case "exit-success":
      return exitNow(0, logs, delayMs);
    case "exit-failure":
      return exitNow(1, logs, delayMs);
    case "wrapper": {
      if (rest.length === 0 || depth > 3) return exitNow(0, logs, delayMs);
      // Entrypoint scripts treat leading flags as arguments of the image's main program.
      const next = rest[0]?.startsWith("-") ? [...image.cmd.slice(0, 1), ...rest] : rest;
      const result = runArgv(image, next, env, delayMs, logs, depth + 1);
      if ("notFound" in result) {
        return exitNow(127, [...logs, { afterMs: delayMs, text: `${executable}: exec: line 47: ${result.notFound}: not found` }], delayMs);
      }
      return result;
    }
    case "shell": {
      if (rest[0] !== "-c") {
        if (rest.length === 0) return exitNow(0, logs, delayMs); // no TTY: the shell reads EOF and exits
        return exitNow(2, [...logs, { afterMs: delayMs, text: `${basename(executable)}: 0: cannot open ${rest[0]}: No such file` }], delayMs);
      }
      return runScript(image, rest[1] ?? "", env, delayMs, logs, depth, basename(executable));
    }
  }
}

/** A tiny `sh -c` interpreter: sequences of echo, sleep, exit, exec and programs of the image. */
function runScript(image: ImageTagSpec, script: string, env: Record<string, string>, startMs: number, logs: PlannedLogLine[], depth: number, shell: string): RunningProcessPlan {
  let delay = startMs;
  let status = 0;
  const out = [...logs];
  if (/\bwhile\s+(true|:)/.test(script)) {
    const before = script.slice(0, script.search(/\bwhile\b/));
    const prefix = runScript(image, before, env, startMs, logs, depth, shell);
    if (prefix.exit && prefix.exit.code !== 0) return prefix;
    return { kind: "run", logs: prefix.logs, listen: prefix.listen };
  }
  const commands = script.split(/;|&&|\|\||\n/).map((c) => c.trim()).filter(Boolean);
  for (const command of commands) {
    let words = shellWords(command).map((w) => expand(w, env));
    while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? "")) words = words.slice(1);
    const [name, ...rest] = words;
    if (name === undefined) continue;
    if (name === "exit") return exitNow(Number(rest[0] ?? status) || 0, out, delay);
    if (name === "exec") words = rest;
    if (["set", "export", "cd", ":", "trap", "true", "umask"].includes(name)) {
      status = 0;
      continue;
    }
    if (name === "echo" || name === "printf") {
      out.push({ afterMs: delay, text: rest.join(" ").replace(/\\n$/, "") });
      status = 0;
      continue;
    }
    const result = runArgv(image, words, env, delay, out, depth + 1);
    if ("notFound" in result) {
      out.push({ afterMs: delay, text: `${shell}: 1: ${result.notFound}: not found` });
      return exitNow(127, out, delay);
    }
    if (!result.exit) return result; // a long-running program: the script never gets further
    out.splice(0, out.length, ...result.logs);
    delay = result.exit.afterMs;
    status = result.exit.code;
    if (name === "exec") return exitNow(status, out, delay);
  }
  return exitNow(status, out, delay);
}

/** Decide what starting this container does. */
export function planProcess(input: ProcessInput): ProcessPlan {
  const argv = effectiveArgv(input.image, input.command, input.args).map((word) => word.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => input.env[name] ?? whole));
  const executable = argv[0];
  if (executable === undefined) {
    return { kind: "start-error", message: "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown" };
  }
  if (!lookupProgram(input.image, executable)) return { kind: "start-error", message: execNotFoundMessage(executable) };
  const result = runArgv(input.image, argv, input.env, 0, [], 0);
  if ("notFound" in result) return { kind: "start-error", message: execNotFoundMessage(result.notFound) };
  return result;
}
