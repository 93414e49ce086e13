import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../fingerprint";
import { loadFixture } from "../fixtures/load-fixture";
import { AlertEnvelopeError } from "../types";
import { normalizeAlertmanager } from "./alertmanager";

const receivedAt = new Date("2025-05-06T11:00:00Z");

function envelopeIssues(payload: unknown) {
  try {
    normalizeAlertmanager(payload, { receivedAt });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) return error.issues;
    throw error;
  }
  throw new Error("expected an AlertEnvelopeError");
}

describe("normalizeAlertmanager", () => {
  it("maps a firing group to one alert per item", () => {
    const { alerts, skipped, ignoredReason } = normalizeAlertmanager(loadFixture("alertmanager-firing.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(ignoredReason).toBeUndefined();
    expect(alerts).toHaveLength(2);

    const [cart, checkout] = alerts;
    expect(cart).toMatchObject({
      source: "alertmanager",
      externalId: null,
      fingerprint: "5c2a8f3e9b1d7a40",
      status: "firing",
      severity: "critical",
      name: "HighErrorRatio",
      summary: "cart is returning 5xx for 5.2% of requests",
      description: "5.2% of requests to cart in namespace shop failed over the last 5 minutes (threshold 1%).",
      cluster: "prod-eu-1",
      namespace: "shop",
      service: "cart",
      groupHint: '{}/{namespace="shop"}:{alertname="HighErrorRatio"}',
      endsAt: null,
    });
    expect(cart?.startsAt.toISOString()).toBe("2025-05-06T10:15:26.739Z");
    expect(cart?.generatorUrl).toMatch(/^http:\/\/prometheus\.monitoring\.svc:9090\/graph\?g0\.expr=/);
    expect(cart?.labels.severity).toBe("page");
    expect(cart?.annotations.runbook_url).toBe("https://runbooks.example.com/HighErrorRatio");
    expect(cart?.raw).toMatchObject({
      fingerprint: "5c2a8f3e9b1d7a40",
      receiver: "agentic-sre",
      groupKey: '{}/{namespace="shop"}:{alertname="HighErrorRatio"}',
      externalURL: "http://alertmanager.monitoring.svc:9093",
    });

    // No summary annotation: falls back to message; service from the `app` label; offset applied.
    expect(checkout).toMatchObject({
      fingerprint: "91f0c2d4e6a8b3c7",
      severity: "warning",
      summary: "checkout error ratio is 1.4%",
      description: "",
      service: "checkout",
    });
    expect(checkout?.startsAt.toISOString()).toBe("2025-05-06T10:16:03.157Z");
  });

  it("maps a resolved alert with its endsAt", () => {
    const { alerts } = normalizeAlertmanager(loadFixture("alertmanager-resolved.json"), { receivedAt });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "resolved", fingerprint: "5c2a8f3e9b1d7a40", severity: "critical" });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:15:26.739Z");
    expect(alerts[0]?.endsAt?.toISOString()).toBe("2025-05-06T10:42:11.500Z");
  });

  it("skips invalid alerts in a batch with their index and path, and keeps the valid ones", () => {
    const { alerts, skipped } = normalizeAlertmanager(loadFixture("alertmanager-batch-with-invalid.json"), { receivedAt });
    expect(alerts.map((alert) => alert.name)).toEqual(["KubeDeploymentReplicasMismatch", "PaymentsRetryStorm"]);
    expect(skipped).toHaveLength(3);
    expect(skipped[0]).toEqual({ index: 1, reason: "alerts[1].labels.alertname: expected a non-empty alertname label" });
    expect(skipped[1]?.index).toBe(2);
    expect(skipped[1]?.reason).toMatch(/^alerts\[2\]\.startsAt: expected an ISO 8601 \/ RFC 3339 date-time/);
    expect(skipped[1]?.reason).toContain('"yesterday at noon"');
    expect(skipped[2]).toEqual({ index: 4, reason: "alerts[4]: expected object, received string" });
  });

  it("coerces label values to strings, drops nulls, and hashes labels when Alertmanager sent no fingerprint", () => {
    const { alerts } = normalizeAlertmanager(loadFixture("alertmanager-batch-with-invalid.json"), { receivedAt });
    const [ledger, retryStorm] = alerts;
    expect(ledger).toMatchObject({ severity: "high", namespace: "payments", service: "ledger", fingerprint: "0a1b2c3d4e5f6071" });
    expect(retryStorm?.labels).toEqual({
      alertname: "PaymentsRetryStorm",
      namespace: "payments",
      "app.kubernetes.io/name": "payments-worker",
      replicas: "3",
      canary: "false",
      severity: "info",
    });
    expect(retryStorm?.annotations).toEqual({ summary: "payments-worker retries above 50/s" });
    expect(retryStorm).toMatchObject({ severity: "info", service: "payments-worker" });
    expect(retryStorm?.fingerprint).toBe(fingerprintOf(retryStorm?.labels ?? {}));
  });

  it("gives the same computed fingerprint regardless of label order", () => {
    const labelsA = { alertname: "X", namespace: "shop", service: "cart" };
    const labelsB = { service: "cart", alertname: "X", namespace: "shop" };
    const first = normalizeAlertmanager({ alerts: [{ status: "firing", labels: labelsA }] }, { receivedAt });
    const second = normalizeAlertmanager({ alerts: [{ status: "firing", labels: labelsB }] }, { receivedAt });
    expect(first.alerts[0]?.fingerprint).toBe(second.alerts[0]?.fingerprint);
    const other = normalizeAlertmanager({ alerts: [{ status: "firing", labels: { ...labelsA, service: "checkout" } }] }, { receivedAt });
    expect(other.alerts[0]?.fingerprint).not.toBe(first.alerts[0]?.fingerprint);
  });

  it("uses the envelope status and receipt time for hand-written alerts, and ends resolved ones at receipt", () => {
    const { alerts } = normalizeAlertmanager(
      { status: "resolved", alerts: [{ labels: { alertname: "Manual" }, endsAt: "0001-01-01T00:00:00Z" }] },
      { receivedAt },
    );
    expect(alerts[0]).toMatchObject({ status: "resolved", severity: "warning", summary: "Manual", service: null });
    expect(alerts[0]?.startsAt).toEqual(receivedAt);
    expect(alerts[0]?.endsAt).toEqual(receivedAt);
  });

  it("ignores a firing alert's future endsAt (Alertmanager's 'valid until')", () => {
    const { alerts } = normalizeAlertmanager(
      { alerts: [{ status: "firing", labels: { alertname: "X" }, startsAt: "2025-05-06T10:00:00Z", endsAt: "2025-05-06T10:04:00Z" }] },
      { receivedAt },
    );
    expect(alerts[0]?.endsAt).toBeNull();
  });

  it("skips an alert whose status is missing everywhere", () => {
    const { alerts, skipped } = normalizeAlertmanager({ alerts: [{ labels: { alertname: "X" } }] }, { receivedAt });
    expect(alerts).toEqual([]);
    expect(skipped).toEqual([{ index: 0, reason: 'alerts[0].status: expected "firing" or "resolved"' }]);
  });

  it("bounds long annotations and names", () => {
    const { alerts } = normalizeAlertmanager(
      {
        alerts: [
          {
            status: "firing",
            labels: { alertname: "N".repeat(300) },
            annotations: { summary: "S".repeat(600), description: "D".repeat(20_000) },
          },
        ],
      },
      { receivedAt },
    );
    expect(alerts[0]?.name).toHaveLength(200);
    expect(alerts[0]?.summary).toHaveLength(500);
    expect(alerts[0]?.description).toHaveLength(10_000);
  });

  it.each([
    ["a string body", "nope", [{ path: "", message: "expected object, received string" }]],
    ["null", null, [{ path: "", message: "expected object, received null" }]],
    ["missing alerts", { version: "4" }, [{ path: "alerts", message: "expected array, received undefined" }]],
    ["alerts not an array", { alerts: { 0: {} } }, [{ path: "alerts", message: "expected array, received object" }]],
    [
      "a non-string common label",
      { alerts: [], commonLabels: { nested: { a: 1 } } },
      [{ path: "commonLabels.nested", message: "expected a string (numbers and booleans are converted, null is dropped)" }],
    ],
  ])("rejects an invalid envelope (%s) with the field path", (_, payload, issues) => {
    expect(envelopeIssues(payload)).toEqual(issues);
  });

  it("quotes label keys that are not identifiers in paths", () => {
    expect(envelopeIssues({ alerts: [], groupLabels: { "app.kubernetes.io/name": [] } })[0]?.path).toBe(
      'groupLabels["app.kubernetes.io/name"]',
    );
  });

  it("accepts an empty alerts array", () => {
    expect(normalizeAlertmanager({ alerts: [] }, { receivedAt })).toEqual({ alerts: [], skipped: [] });
  });
});
