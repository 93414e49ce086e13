import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../fingerprint";
import { loadFixture } from "../fixtures/load-fixture";
import { AlertEnvelopeError } from "../types";
import { normalizeGrafana } from "./grafana";

const receivedAt = new Date("2025-05-06T11:00:00Z");

function envelopeIssues(payload: unknown) {
  try {
    normalizeGrafana(payload, { receivedAt });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) return error.issues;
    throw error;
  }
  throw new Error("expected an AlertEnvelopeError");
}

describe("normalizeGrafana (unified alerting)", () => {
  it("maps a firing notification like Alertmanager, with Grafana's links and values as annotations", () => {
    const { alerts, skipped } = normalizeGrafana(loadFixture("grafana-unified-firing.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(alerts).toHaveLength(2);
    const [memory, cpu] = alerts;
    expect(memory).toMatchObject({
      source: "grafana",
      fingerprint: "c6eadffa33fcdf37",
      status: "firing",
      severity: "critical",
      name: "High memory usage",
      summary: "This alert was triggered for zone us-1",
      description: "The system has high memory usage",
      namespace: "shop",
      service: "cart",
      cluster: null,
      groupHint: '{}:{grafana_folder="Shop"}',
      endsAt: null,
      generatorUrl: "https://play.grafana.org/alerting/1afz29v7z/edit",
    });
    expect(memory?.startsAt.toISOString()).toBe("2021-10-12T07:51:03.157Z");
    expect(memory?.annotations).toMatchObject({
      dashboardURL: "https://play.grafana.org/d/shop-overview",
      panelURL: "https://play.grafana.org/d/shop-overview?viewPanel=4",
      runbook_url: "https://myrunbook.com/runbook/1234",
    });
    expect(memory?.annotations.valueString).toMatch(/^\[ var='B' labels=\{namespace=shop, service=cart\}/);
    expect(memory?.raw).toMatchObject({ orgId: 1, receiver: "agentic-sre", silenceURL: expect.stringContaining("silence/new") });

    // No valueString: the values are formatted; blank links are left out; no severity label → warning.
    expect(cpu).toMatchObject({ fingerprint: "bc97ff14869b13e3", severity: "warning", service: null, namespace: null });
    expect(cpu?.annotations.valueString).toBe("B=44.2394, C=1");
    expect(cpu?.annotations).not.toHaveProperty("dashboardURL");
  });

  it("maps a resolved notification", () => {
    const { alerts } = normalizeGrafana(loadFixture("grafana-unified-resolved.json"), { receivedAt });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ status: "resolved", fingerprint: "c6eadffa33fcdf37", service: "cart" });
    expect(alerts[0]?.endsAt?.toISOString()).toBe("2021-10-12T08:06:03.157Z");
    expect(alerts[0]?.annotations).not.toHaveProperty("valueString");
  });

  it("treats a contact-point test notification as an ordinary alert", () => {
    const { alerts } = normalizeGrafana(
      {
        receiver: "test",
        status: "firing",
        orgId: 1,
        alerts: [
          {
            status: "firing",
            labels: { alertname: "TestAlert", instance: "Grafana" },
            annotations: { summary: "Notification test" },
            startsAt: "2025-05-06T10:59:58.123Z",
            endsAt: "0001-01-01T00:00:00Z",
            fingerprint: "57c6d9296de2ad39",
          },
        ],
      },
      { receivedAt },
    );
    expect(alerts[0]).toMatchObject({ name: "TestAlert", summary: "Notification test", fingerprint: "57c6d9296de2ad39" });
  });

  it("skips an alert with an invalid values map and keeps the rest", () => {
    const payload = loadFixture("grafana-unified-firing.json") as { alerts: Record<string, unknown>[] };
    payload.alerts[1] = { ...payload.alerts[1], values: { B: "high" } };
    const { alerts, skipped } = normalizeGrafana(payload, { receivedAt });
    expect(alerts).toHaveLength(1);
    expect(skipped).toEqual([{ index: 1, reason: "alerts[1].values.B: expected number, received string" }]);
  });

  it("rejects a unified payload whose alerts is not an array", () => {
    expect(envelopeIssues({ orgId: 1, alerts: "none" })).toEqual([{ path: "alerts", message: "expected array, received string" }]);
  });
});

describe("normalizeGrafana (legacy alerts)", () => {
  it("maps an alerting rule to one firing alert keyed by org and rule id", () => {
    const { alerts, skipped } = normalizeGrafana(loadFixture("grafana-legacy-alerting.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: "grafana",
      externalId: "7",
      fingerprint: fingerprintOf({ orgId: "1", ruleId: "7" }),
      status: "firing",
      severity: "high",
      name: "Cart memory near limit",
      summary: "Cart memory near limit",
      description: "Memory of the cart pods is above 90% of their limit.",
      namespace: "shop",
      service: "cart",
      groupHint: "grafana-dashboard:1/1",
      endsAt: null,
      generatorUrl: "http://grafana.example.com/d/hZ7BuVbWz/shop?tab=alert&viewPanel=2&orgId=1",
      labels: { namespace: "shop", service: "cart", severity: "high", alertname: "Cart memory near limit" },
    });
    expect(alerts[0]?.startsAt).toEqual(receivedAt);
    expect(alerts[0]?.annotations.evalMatches).toBe(
      'container_memory_working_set_bytes{pod="cart-7d9f8b6c5d-x2x9q"}=97.5; container_memory_working_set_bytes{pod="cart-7d9f8b6c5d-p8k2m"}=93',
    );
  });

  it("maps state ok to a resolved alert with the same fingerprint", () => {
    const firing = normalizeGrafana(loadFixture("grafana-legacy-alerting.json"), { receivedAt }).alerts[0];
    const { alerts } = normalizeGrafana(loadFixture("grafana-legacy-ok.json"), { receivedAt });
    expect(alerts[0]).toMatchObject({ status: "resolved", fingerprint: firing?.fingerprint, summary: "Cart memory near limit" });
    expect(alerts[0]?.endsAt).toEqual(receivedAt);
    expect(alerts[0]?.annotations).not.toHaveProperty("evalMatches");
  });

  it.each([["no_data"], ["paused"], ["pending"]])("ignores state %s with a reason and stores nothing", (state) => {
    const payload = { ...(loadFixture("grafana-legacy-no-data.json") as object), state };
    const result = normalizeGrafana(payload, { receivedAt });
    expect(result.alerts).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(result.ignoredReason).toContain(state);
  });

  it("keys a legacy test notification (ruleId 0) by its rule URL", () => {
    const { alerts } = normalizeGrafana(
      {
        title: "[Alerting] Test notification",
        ruleId: 0,
        ruleName: "Test notification",
        state: "alerting",
        evalMatches: [{ value: 100, metric: "High value", tags: null }],
        orgId: 0,
        dashboardId: 0,
        panelId: 0,
        tags: {},
        message: "Someone is testing the alert notification within Grafana.",
        ruleUrl: "http://localhost:3000/",
      },
      { receivedAt },
    );
    expect(alerts[0]).toMatchObject({
      externalId: null,
      fingerprint: fingerprintOf({ ruleUrl: "http://localhost:3000/" }),
      summary: "Test notification",
      severity: "warning",
      groupHint: null,
    });
  });

  it("rejects an unknown legacy state with the allowed values", () => {
    const issues = envelopeIssues({ ruleName: "X", state: "exploded" });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe("state");
    expect(issues[0]?.message).toContain('"alerting"');
  });

  it("rejects a payload that is neither format", () => {
    expect(envelopeIssues({ hello: "world" })[0]?.path).toBe("");
    expect(envelopeIssues([])[0]?.message).toMatch(/^expected a Grafana unified alerting payload/);
  });
});
