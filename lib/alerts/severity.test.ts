import { describe, expect, it } from "vitest";
import { capSeverity, parseSeverity, severityFromLabel, severityFromPriority, severityFromText } from "./severity";

describe("severityFromLabel", () => {
  it.each([
    ["critical", "critical"],
    ["page", "critical"],
    ["CRITICAL", "critical"],
    ["high", "high"],
    ["error", "high"],
    ["major", "high"],
    ["warning", "warning"],
    ["warn", "warning"],
    ["info", "info"],
    ["none", "info"],
    ["low", "info"],
    [" Page ", "critical"],
    ["P1", "critical"],
    ["sev-2", "high"],
  ] as const)("maps %j to %s", (label, severity) => {
    expect(severityFromLabel(label)).toBe(severity);
  });

  it.each([["bananas"], [""], [undefined], [null]])("falls back to warning for %j", (label) => {
    expect(severityFromLabel(label)).toBe("warning");
  });

  it("parseSeverity returns null instead of a fallback for unknown words", () => {
    expect(parseSeverity("bananas")).toBeNull();
    expect(parseSeverity("warn")).toBe("warning");
  });
});

describe("severityFromPriority", () => {
  it.each([
    ["P1", "critical"],
    ["P2", "high"],
    ["P3", "warning"],
    ["P4", "info"],
    ["P5", "info"],
    ["p0", "critical"],
    ["SEV1", "critical"],
    ["sev 3", "warning"],
  ] as const)("maps %s to %s", (priority, severity) => {
    expect(severityFromPriority(priority)).toBe(severity);
  });

  it.each([["normal"], ["Highest"], ["P6"], [""], [null], [undefined]])("returns null for %j", (priority) => {
    expect(severityFromPriority(priority)).toBeNull();
  });
});

describe("severityFromText", () => {
  it.each([
    ["CRITICAL: checkout down", "critical"],
    ["[crit] disk full on db-1", "critical"],
    ["SEV1 payments failing", "critical"],
    ["sev-2: latency up", "high"],
    ["p4 cosmetic dashboard issue", "info"],
    ["severity=high queue backlog", "high"],
    ["severity: info nightly job late", "info"],
    ["High error rate on cart", "warning"],
    ["Error budget burn on checkout", "warning"],
    ["something looks off", "warning"],
  ] as const)("reads %j as %s", (line, severity) => {
    expect(severityFromText(line)).toBe(severity);
  });

  it("lets an explicit severity= override marker words", () => {
    expect(severityFromText("severity=warning (was critical yesterday)")).toBe("warning");
  });
});

describe("capSeverity", () => {
  it("lowers a severity above the ceiling and keeps one at or below it", () => {
    expect(capSeverity("critical", "warning")).toBe("warning");
    expect(capSeverity("info", "warning")).toBe("info");
    expect(capSeverity("warning", "warning")).toBe("warning");
  });
});
