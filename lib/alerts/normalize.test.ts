import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures/load-fixture";
import { ALERT_NORMALIZERS, normalizeAlertPayload } from "./normalize";
import { AlertEnvelopeError, ALERT_SOURCES, type AlertSource } from "./types";

const receivedAt = new Date("2025-05-06T11:00:00Z");

/** Every fixture, the source it belongs to, and what normalizing it yields (statuses in order, skipped count, ignored). */
const FIXTURES: Record<string, { source: AlertSource; statuses: string[]; skipped: number; ignored: boolean }> = {
  "alertmanager-firing.json": { source: "alertmanager", statuses: ["firing", "firing"], skipped: 0, ignored: false },
  "alertmanager-resolved.json": { source: "alertmanager", statuses: ["resolved"], skipped: 0, ignored: false },
  "alertmanager-batch-with-invalid.json": { source: "alertmanager", statuses: ["firing", "firing"], skipped: 3, ignored: false },
  "grafana-unified-firing.json": { source: "grafana", statuses: ["firing", "firing"], skipped: 0, ignored: false },
  "grafana-unified-resolved.json": { source: "grafana", statuses: ["resolved"], skipped: 0, ignored: false },
  "grafana-legacy-alerting.json": { source: "grafana", statuses: ["firing"], skipped: 0, ignored: false },
  "grafana-legacy-ok.json": { source: "grafana", statuses: ["resolved"], skipped: 0, ignored: false },
  "grafana-legacy-no-data.json": { source: "grafana", statuses: [], skipped: 0, ignored: true },
  "pagerduty-incident-triggered.json": { source: "pagerduty", statuses: ["firing"], skipped: 0, ignored: false },
  "pagerduty-incident-acknowledged.json": { source: "pagerduty", statuses: ["firing"], skipped: 0, ignored: false },
  "pagerduty-incident-resolved.json": { source: "pagerduty", statuses: ["resolved"], skipped: 0, ignored: false },
  "pagerduty-service-updated.json": { source: "pagerduty", statuses: [], skipped: 0, ignored: true },
  "datadog-default.json": { source: "datadog", statuses: ["firing"], skipped: 0, ignored: false },
  "datadog-triggered.json": { source: "datadog", statuses: ["firing"], skipped: 0, ignored: false },
  "datadog-recovered.json": { source: "datadog", statuses: ["resolved"], skipped: 0, ignored: false },
  "generic-simple.json": { source: "generic", statuses: ["firing"], skipped: 0, ignored: false },
  "generic-rich.json": { source: "generic", statuses: ["firing"], skipped: 0, ignored: false },
  "generic-batch.json": { source: "generic", statuses: ["firing", "firing", "resolved", "firing"], skipped: 2, ignored: false },
};

describe("normalizeAlertPayload", () => {
  it("has a normalizer for every source", () => {
    expect(Object.keys(ALERT_NORMALIZERS).sort()).toEqual([...ALERT_SOURCES].sort());
  });

  it("covers every fixture file in the table", () => {
    const files = readdirSync(new URL("./fixtures/", import.meta.url)).filter((file) => file.endsWith(".json"));
    expect(files.sort()).toEqual(Object.keys(FIXTURES).sort());
  });

  it.each(Object.entries(FIXTURES))("dispatches %s to its source's normalizer", (file, expected) => {
    const result = normalizeAlertPayload(expected.source, loadFixture(file), { receivedAt });
    expect(result.alerts.map((alert) => alert.status)).toEqual(expected.statuses);
    expect(result.alerts.every((alert) => alert.source === expected.source)).toBe(true);
    expect(result.skipped).toHaveLength(expected.skipped);
    expect(result.ignoredReason !== undefined).toBe(expected.ignored);
  });

  it("produces alerts that survive a JSON round trip of raw (what gets stored)", () => {
    const { alerts } = normalizeAlertPayload("alertmanager", loadFixture("alertmanager-firing.json"), { receivedAt });
    expect(JSON.parse(JSON.stringify(alerts[0]?.raw))).toEqual(alerts[0]?.raw);
  });

  it.each([
    ["alertmanager", "alerts"],
    ["grafana", ""],
    ["pagerduty", "event"],
    ["datadog", "title"],
    ["generic", ""],
  ] as const)("throws AlertEnvelopeError naming the source and path for an empty %s body", (source, path) => {
    let thrown: unknown;
    try {
      normalizeAlertPayload(source, {}, { receivedAt });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AlertEnvelopeError);
    const envelopeError = thrown as AlertEnvelopeError;
    expect(envelopeError.source).toBe(source);
    expect(envelopeError.issues[0]?.path).toBe(path);
    expect(envelopeError.message).toMatch(new RegExp(`^invalid ${source} payload: `));
  });
});
