/**
 * Container logs as the kubelet keeps them: one bounded buffer per container instance
 * (containerID), the current and the previous instance per container, each line stamped with
 * the simulated time. Reading applies `tailLines`, `sinceSeconds` and `timestamps` like the
 * real `pods/log` endpoint.
 */

/** Lines kept per container instance; older lines are dropped (the real log rotates too). */
export const MAX_LINES_PER_INSTANCE = 2000;

export interface LogLine {
  timeMs: number;
  text: string;
}

/** A bounded ring of log lines. */
export class LogBuffer {
  private readonly lines: LogLine[] = [];
  private start = 0;

  constructor(private readonly capacity = MAX_LINES_PER_INSTANCE) {}

  append(timeMs: number, text: string): void {
    // Multi-line writes become several lines, as a line-oriented log driver records them.
    for (const line of text.split("\n")) {
      if (this.lines.length - this.start >= this.capacity) this.start++;
      this.lines.push({ timeMs, text: line });
    }
    if (this.start > this.capacity) {
      this.lines.splice(0, this.start);
      this.start = 0;
    }
  }

  /** Lines in order, oldest first. */
  entries(): LogLine[] {
    return this.lines.slice(this.start);
  }

  get size(): number {
    return this.lines.length - this.start;
  }
}

/** RFC 3339 with nanoseconds, as `kubectl logs --timestamps` prints. */
export function formatLogTimestamp(timeMs: number): string {
  const iso = new Date(timeMs).toISOString();
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000Z`;
}

/** Options of `renderLog`. */
export interface RenderLogOptions {
  nowMs: number;
  tailLines?: number;
  sinceSeconds?: number;
  timestamps?: boolean;
}

/** Render a buffer as the log endpoint returns it (newline-terminated lines). */
export function renderLog(buffer: LogBuffer | undefined, options: RenderLogOptions): string {
  if (!buffer) return "";
  let lines = buffer.entries();
  if (options.sinceSeconds !== undefined && options.sinceSeconds > 0) {
    const since = options.nowMs - options.sinceSeconds * 1000;
    lines = lines.filter((l) => l.timeMs >= since);
  }
  if (options.tailLines !== undefined && options.tailLines >= 0) lines = options.tailLines === 0 ? [] : lines.slice(-options.tailLines);
  if (lines.length === 0) return "";
  return lines.map((l) => (options.timestamps ? `${formatLogTimestamp(l.timeMs)} ${l.text}` : l.text)).join("\n") + "\n";
}

/** The logs of one container: the running (or last) instance and the one before it. */
export class ContainerLogs {
  private instances: { containerId: string; buffer: LogBuffer }[] = [];

  /** Start a new instance; the one before becomes "previous", older ones are discarded. */
  startInstance(containerId: string): LogBuffer {
    const buffer = new LogBuffer();
    this.instances = [...this.instances.slice(-1), { containerId, buffer }];
    return buffer;
  }

  /** The buffer of an instance by container id. */
  byContainerId(containerId: string | undefined): LogBuffer | undefined {
    if (!containerId) return undefined;
    return this.instances.find((i) => i.containerId === containerId)?.buffer;
  }

  /** The newest instance's buffer. */
  current(): LogBuffer | undefined {
    return this.instances[this.instances.length - 1]?.buffer;
  }
}
