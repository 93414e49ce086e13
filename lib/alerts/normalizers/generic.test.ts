import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../fingerprint";
import { loadFixture } from "../fixtures/load-fixture";
import { AlertEnvelopeError } from "../types";
import { locationFromAlertLine, MAX_GENERIC_BATCH_SIZE, normalizeGeneric } from "./generic";

const receivedAt = new Date("2025-05-06T11:00:00Z");

function envelopeIssues(payload: unknown) {
  try {
    normalizeGeneric(payload, { receivedAt });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) return error.issues;
    throw error;
  }
  throw new Error("expected an AlertEnvelopeError");
}

describe("normalizeGeneric (simple form)", () => {
  it("maps {alert, context}: line → name/summary, context → description, severity and location from the line", () => {
    const line = "CRITICAL: checkout pods crashlooping in namespace=shop, service cart returning 503";
    const { alerts, skipped } = normalizeGeneric(loadFixture("generic-simple.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: "generic",
      externalId: null,
      fingerprint: fingerprintOf({ alert: line }),
      status: "firing",
      severity: "critical",
      name: line,
      summary: line,
      description: "Deployed cart v2.14.0 at 10:02 UTC. Postgres primary failed over at 09:58. Cluster prod-eu-1, 3 replicas.",
      namespace: "shop",
      service: "cart",
      cluster: null,
      groupHint: null,
      labels: { alertname: line, namespace: "shop", service: "cart" },
      annotations: {},
      endsAt: null,
      generatorUrl: null,
    });
    expect(alerts[0]?.startsAt).toEqual(receivedAt);
  });

  it("defaults to warning, takes an explicit severity field, and works without context", () => {
    expect(normalizeGeneric({ alert: "Checkout is slow" }, { receivedAt }).alerts[0]).toMatchObject({
      severity: "warning",
      description: "",
    });
    expect(normalizeGeneric({ alert: "Checkout is slow", severity: "high" }, { receivedAt }).alerts[0]?.severity).toBe("high");
  });

  it("names a multi-line or very long alert by its first line, bounded", () => {
    const first = normalizeGeneric({ alert: "Disk full on db-1\nmore detail here" }, { receivedAt }).alerts[0];
    expect(first?.name).toBe("Disk full on db-1");
    expect(first?.summary).toBe("Disk full on db-1\nmore detail here");
    const long = normalizeGeneric({ alert: "x".repeat(1_000) }, { receivedAt }).alerts[0];
    expect(long?.name).toHaveLength(200);
    expect(long?.summary).toHaveLength(500);
  });

  it("gives the same fingerprint to the same line and a different one to another line", () => {
    const a = normalizeGeneric({ alert: "cart down", context: "one" }, { receivedAt }).alerts[0];
    const b = normalizeGeneric({ alert: "cart down", context: "two" }, { receivedAt }).alerts[0];
    const c = normalizeGeneric({ alert: "cart up" }, { receivedAt }).alerts[0];
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
  });

  it("rejects an empty alert line", () => {
    expect(envelopeIssues({ alert: "   ", context: "x" })).toEqual([{ path: "alert", message: "expected a non-empty alert line" }]);
    expect(envelopeIssues({ alert: 42 })).toEqual([{ path: "alert", message: "expected the alert line as a string" }]);
  });
});

describe("locationFromAlertLine", () => {
  it.each([
    ["namespace=shop service=cart", { namespace: "shop", service: "cart", cluster: null }],
    ["ns: payments, svc: ledger, cluster=prod-eu-1", { namespace: "payments", service: "ledger", cluster: "prod-eu-1" }],
    ['app="checkout" failing', { namespace: null, service: "checkout", cluster: null }],
    ["errors in service cart (namespace shop)", { namespace: "shop", service: "cart", cluster: null }],
    ["service is down", { namespace: null, service: null, cluster: null }],
    ["Service Checkout unavailable", { namespace: null, service: null, cluster: null }],
    ["the service unavailable in namespace the", { namespace: null, service: null, cluster: null }],
  ])("reads %j", (line, location) => {
    expect(locationFromAlertLine(line)).toEqual(location);
  });
});

describe("normalizeGeneric (structured form)", () => {
  it("maps every field", () => {
    const { alerts } = normalizeGeneric(loadFixture("generic-rich.json"), { receivedAt });
    const labels = {
      alertname: "DiskAlmostFull",
      pvc: "data-postgres-0",
      team: "data-platform",
      threshold_percent: "90",
      severity: "sev2",
    };
    expect(alerts[0]).toMatchObject({
      source: "generic",
      fingerprint: fingerprintOf({ ...labels, service: "postgres", namespace: "data", cluster: "prod-eu-1" }),
      status: "firing",
      severity: "high",
      name: "DiskAlmostFull",
      summary: "postgres-0 data volume is 93% full",
      description: "PVC data-postgres-0 has 7 GiB left of 100 GiB; growth rate suggests full in ~6h.",
      service: "postgres",
      namespace: "data",
      cluster: "prod-eu-1",
      labels,
      annotations: { runbook_url: "https://runbooks.example.com/disk-full" },
      endsAt: null,
      generatorUrl: "https://grafana.example.com/d/pvc-usage?var-pvc=data-postgres-0",
    });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T08:30:00.000Z");
  });

  it.each([
    ["critical", "critical"],
    ["page", "critical"],
    ["error", "high"],
    ["warn", "warning"],
    ["low", "info"],
    ["P3", "warning"],
    ["whatever", "warning"],
  ])("maps severity %s to %s", (severity, expected) => {
    expect(normalizeGeneric({ name: "X", severity }, { receivedAt }).alerts[0]?.severity).toBe(expected);
  });

  it("accepts status case-insensitively and ends a resolved alert at receipt when no endsAt is given", () => {
    const { alerts } = normalizeGeneric({ name: "X", status: "Resolved" }, { receivedAt });
    expect(alerts[0]?.status).toBe("resolved");
    expect(alerts[0]?.endsAt).toEqual(receivedAt);
  });

  it("reads location from labels when the fields are absent", () => {
    const { alerts } = normalizeGeneric({ name: "X", labels: { namespace: "shop", app: "cart", cluster: "c1" } }, { receivedAt });
    expect(alerts[0]).toMatchObject({ namespace: "shop", service: "cart", cluster: "c1" });
  });

  it("rejects a single invalid alert with the field path (nothing would be stored)", () => {
    expect(envelopeIssues({ name: "X", status: "exploded", startsAt: "2025-02-30T00:00:00Z" }).map((issue) => issue.path)).toEqual([
      "status",
      "startsAt",
    ]);
    expect(envelopeIssues({ name: "X", labels: { a: ["b"] } })[0]?.path).toBe("labels.a");
  });

  it("rejects a body that is neither form", () => {
    const [issue] = envelopeIssues({ title: "hello" });
    expect(issue?.path).toBe("");
    expect(issue?.message).toMatch(/^expected an alert object with "name"/);
    expect(envelopeIssues("just a string")[0]?.path).toBe("");
  });
});

describe("normalizeGeneric (batches)", () => {
  it("normalizes {alerts: [...]} mixing both forms, skipping invalid items with index and path", () => {
    const { alerts, skipped } = normalizeGeneric(loadFixture("generic-batch.json"), { receivedAt });
    expect(alerts.map((alert) => [alert.name, alert.status, alert.severity])).toEqual([
      ["QueueBacklog", "firing", "critical"],
      ["p2: payment provider latency elevated, service payments", "firing", "high"],
      ["QueueBacklog", "resolved", "warning"],
      ["NodeNotReady", "firing", "warning"],
    ]);
    const [backlog, payments, backlogResolved, node] = alerts;
    expect(backlog).toMatchObject({ fingerprint: "orders-queue-backlog", service: "orders-worker", namespace: "shop" });
    expect(payments).toMatchObject({ service: "payments", description: "Provider status page reports degraded performance in eu-west." });
    expect(backlogResolved?.fingerprint).toBe("orders-queue-backlog");
    expect(backlogResolved?.startsAt.toISOString()).toBe("2025-05-06T10:00:00.000Z");
    expect(backlogResolved?.endsAt?.toISOString()).toBe("2025-05-06T10:15:00.000Z");
    expect(node).toMatchObject({ cluster: "prod-eu-1", labels: { alertname: "NodeNotReady", node: "ip-10-0-3-17", cluster: "prod-eu-1", severity: "urgent-ish" } });

    expect(skipped).toEqual([
      {
        index: 2,
        reason:
          'alerts[2].startsAt: expected an ISO 8601 date-time or an epoch timestamp in milliseconds, got "2025-13-45T99:00:00Z"',
      },
      { index: 4, reason: expect.stringMatching(/^alerts\[4\]: expected an alert object with "name"/) },
    ]);
  });

  it("accepts a bare JSON array, with [i] paths", () => {
    const { alerts, skipped } = normalizeGeneric([{ alert: "cart down" }, { name: "" }, null], { receivedAt });
    expect(alerts).toHaveLength(1);
    expect(skipped).toEqual([
      { index: 1, reason: "[1].name: expected a non-empty name" },
      { index: 2, reason: expect.stringMatching(/^\[2\]: expected an alert object/) },
    ]);
  });

  it(`accepts ${MAX_GENERIC_BATCH_SIZE} alerts and rejects more`, () => {
    const batch = Array.from({ length: MAX_GENERIC_BATCH_SIZE }, (_, index) => ({ alert: `alert ${index}` }));
    expect(normalizeGeneric({ alerts: batch }, { receivedAt }).alerts).toHaveLength(MAX_GENERIC_BATCH_SIZE);
    expect(envelopeIssues({ alerts: [...batch, { alert: "one too many" }] })).toEqual([
      { path: "alerts", message: `expected at most ${MAX_GENERIC_BATCH_SIZE} alerts per request, got ${MAX_GENERIC_BATCH_SIZE + 1}` },
    ]);
  });

  it("rejects alerts that is not an array", () => {
    expect(envelopeIssues({ alerts: { name: "X" } })).toEqual([{ path: "alerts", message: "expected an array of alerts" }]);
  });
});
