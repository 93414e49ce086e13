import { describe, expect, it } from "vitest";
import { isUnsetTimestamp, parseEpochTimestamp, parseIsoTimestamp } from "./timestamp";

describe("parseIsoTimestamp", () => {
  it.each([
    ["2025-05-06T10:15:26Z", "2025-05-06T10:15:26.000Z"],
    ["2025-05-06T10:15:26.739266876Z", "2025-05-06T10:15:26.739Z"],
    ["2018-08-03T09:52:26.739266876+02:00", "2018-08-03T07:52:26.739Z"],
    ["2025-05-06 10:15:26-0130", "2025-05-06T11:45:26.000Z"],
    ["2025-05-06T10:15Z", "2025-05-06T10:15:00.000Z"],
    ["2025-05-06T10:15:26.5", "2025-05-06T10:15:26.500Z"],
    ["2024-02-29T00:00:00Z", "2024-02-29T00:00:00.000Z"],
    ["2016-12-31T23:59:60Z", "2016-12-31T23:59:59.000Z"],
  ])("parses %s", (input, iso) => {
    expect(parseIsoTimestamp(input)?.toISOString()).toBe(iso);
  });

  it.each([
    ["yesterday"],
    ["2025-05-06"],
    ["2025-02-29T00:00:00Z"],
    ["2025-13-01T00:00:00Z"],
    ["2025-05-06T24:00:00Z"],
    ["2025-05-06T10:61:00Z"],
    ["2025-05-06T10:00:00+25:00"],
    ["1746526500000"],
    [""],
  ])("rejects %j", (input) => {
    expect(parseIsoTimestamp(input)).toBeNull();
  });

  it("parses Go's zero time to year 1 (not 1901), which counts as unset", () => {
    const zero = parseIsoTimestamp("0001-01-01T00:00:00Z");
    expect(zero?.getUTCFullYear()).toBe(1);
    expect(zero && isUnsetTimestamp(zero)).toBe(true);
    expect(isUnsetTimestamp(new Date("2025-05-06T00:00:00Z"))).toBe(false);
  });
});

describe("parseEpochTimestamp", () => {
  it("reads milliseconds, and seconds when the value is too small to be milliseconds", () => {
    expect(parseEpochTimestamp(1746526500000)?.toISOString()).toBe("2025-05-06T10:15:00.000Z");
    expect(parseEpochTimestamp("1746526500000")?.toISOString()).toBe("2025-05-06T10:15:00.000Z");
    expect(parseEpochTimestamp(1746526500)?.toISOString()).toBe("2025-05-06T10:15:00.000Z");
  });

  it.each([["abc"], [-1], [0], ["12e3"], [Number.NaN]])("rejects %j", (input) => {
    expect(parseEpochTimestamp(input)).toBeNull();
  });
});
