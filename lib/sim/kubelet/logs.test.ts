/**
 * Log buffers: bounded, per instance, rendered like the pods/log endpoint.
 */
import { describe, expect, it } from "vitest";
import { ContainerLogs, LogBuffer, formatLogTimestamp, renderLog } from "./logs";

const t0 = Date.parse("2025-01-01T00:00:00Z");

describe("LogBuffer", () => {
  it("keeps only the newest lines", () => {
    const buffer = new LogBuffer(3);
    for (let i = 1; i <= 5; i++) buffer.append(t0 + i, `line ${i}`);
    expect(buffer.entries().map((l) => l.text)).toEqual(["line 3", "line 4", "line 5"]);
  });

  it("renders tailLines, sinceSeconds and timestamps", () => {
    const buffer = new LogBuffer();
    buffer.append(t0, "first");
    buffer.append(t0 + 60_000, "second\nthird");
    expect(renderLog(buffer, { nowMs: t0 + 65_000 })).toBe("first\nsecond\nthird\n");
    expect(renderLog(buffer, { nowMs: t0 + 65_000, tailLines: 1 })).toBe("third\n");
    expect(renderLog(buffer, { nowMs: t0 + 65_000, sinceSeconds: 10 })).toBe("second\nthird\n");
    expect(renderLog(buffer, { nowMs: t0 + 65_000, tailLines: 1, timestamps: true })).toBe("2025-01-01T00:01:00.000000000Z third\n");
    expect(renderLog(undefined, { nowMs: t0 })).toBe("");
    expect(formatLogTimestamp(t0 + 1234)).toBe("2025-01-01T00:00:01.234000000Z");
  });
});

describe("ContainerLogs", () => {
  it("keeps the current and the previous instance only", () => {
    const logs = new ContainerLogs();
    logs.startInstance("a").append(t0, "a");
    logs.startInstance("b").append(t0, "b");
    logs.startInstance("c").append(t0, "c");
    expect(logs.byContainerId("a")).toBeUndefined();
    expect(logs.byContainerId("b")?.entries()[0]?.text).toBe("b");
    expect(logs.current()?.entries()[0]?.text).toBe("c");
  });
});
