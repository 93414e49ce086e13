import { describe, expect, it } from "vitest";
import { fingerprintOf } from "../fingerprint";
import { loadFixture } from "../fixtures/load-fixture";
import { AlertEnvelopeError } from "../types";
import { normalizeDatadog, parseDatadogTags } from "./datadog";

const receivedAt = new Date("2025-05-06T11:00:00Z");

function fixture(name: string): Record<string, unknown> {
  return loadFixture(name) as Record<string, unknown>;
}

function envelopeIssues(payload: unknown) {
  try {
    normalizeDatadog(payload, { receivedAt });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) return error.issues;
    throw error;
  }
  throw new Error("expected an AlertEnvelopeError");
}

describe("normalizeDatadog", () => {
  it("maps the default webhook body, reading transition and group from the title", () => {
    const { alerts, skipped } = normalizeDatadog(fixture("datadog-default.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: "datadog",
      externalId: "7601234567890123456",
      fingerprint: fingerprintOf({ title: "CPU usage high on web tier", scope: "{host:web-1}" }),
      status: "firing",
      severity: "warning",
      name: "CPU usage high on web tier",
      summary: "CPU usage high on web tier",
      description:
        "CPU usage is above 90% on web-1 for the last 5 minutes.\n\nSee the runbook: https://runbooks.example.com/web-cpu\n\n@webhook-agentic-sre",
      service: null,
      namespace: null,
      groupHint: null,
      endsAt: null,
      generatorUrl: null,
      labels: { host: "web-1" },
      annotations: { alert_transition: "Triggered", event_type: "query_alert_monitor", org: "Acme Shop" },
    });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:15:00.000Z");
  });

  it("maps a Triggered template payload: cycle key, priority, kube tags", () => {
    const { alerts } = normalizeDatadog(fixture("datadog-triggered.json"), { receivedAt });
    expect(alerts[0]).toMatchObject({
      externalId: "7601234567890123999",
      fingerprint: "6993746382945123456",
      status: "firing",
      severity: "high",
      name: "Cart p99 latency above 800ms",
      cluster: "prod-eu-1",
      namespace: "shop",
      service: "cart",
      groupHint: "datadog-monitor:98765432",
      endsAt: null,
      generatorUrl: expect.stringMatching(/^https:\/\/app\.datadoghq\.com\/monitors\/98765432\?/),
      labels: {
        env: "prod",
        kube_cluster_name: "prod-eu-1",
        kube_namespace: "shop",
        kube_deployment: "cart",
        service: "cart",
        team: "shop",
        monitor_id: "98765432",
        priority: "P2",
      },
    });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:16:00.000Z");
    expect(alerts[0]?.annotations.alert_status).toMatch(/^p99:trace\.http\.request/);
  });

  it("maps Recovered to resolved with the same fingerprint as the trigger", () => {
    const trigger = normalizeDatadog(fixture("datadog-triggered.json"), { receivedAt }).alerts[0];
    const { alerts } = normalizeDatadog(fixture("datadog-recovered.json"), { receivedAt });
    expect(alerts[0]).toMatchObject({ status: "resolved", fingerprint: trigger?.fingerprint, severity: "high", service: "cart" });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:46:00.000Z");
    expect(alerts[0]?.endsAt?.toISOString()).toBe("2025-05-06T10:46:00.000Z");
  });

  it.each([
    ["Re-Triggered", undefined, "firing"],
    ["No Data", undefined, "firing"],
    ["Renotify", undefined, "firing"],
    ["Warn", undefined, "firing"],
    [undefined, "success", "resolved"],
    [undefined, "error", "firing"],
  ])("maps transition %s / alert_type %s to %s", (transition, alertType, status) => {
    const payload = { title: "Disk full", alert_transition: transition, alert_type: alertType };
    expect(normalizeDatadog(payload, { receivedAt }).alerts[0]?.status).toBe(status);
  });

  it.each([
    [{ alert_priority: "P1" }, "critical"],
    [{ alert_priority: "P4" }, "info"],
    [{ priority: "P3" }, "warning"],
    [{ priority: "normal", alert_type: "error" }, "high"],
    [{ alert_type: "warning" }, "warning"],
    [{ alert_type: "info" }, "info"],
    [{ alert_priority: "P1", alert_transition: "Warn" }, "warning"],
    [{ alert_priority: "P4", alert_transition: "Re-Warn" }, "info"],
    [{}, "warning"],
  ])("maps %j to severity %s", (fields, severity) => {
    expect(normalizeDatadog({ title: "Disk full", ...fields }, { receivedAt }).alerts[0]?.severity).toBe(severity);
  });

  it("without a cycle key, keys the alert by monitor and scope, independent of scope order", () => {
    const base = { title: "[Triggered] Disk full", monitor_id: 42 };
    const a = normalizeDatadog({ ...base, scopes: "host:db-1, device:/dev/sda" }, { receivedAt }).alerts[0];
    const b = normalizeDatadog({ ...base, scopes: ["device:/dev/sda", "host:db-1"], title: "[Recovered] Disk full" }, { receivedAt }).alerts[0];
    const c = normalizeDatadog({ ...base, scopes: "host:db-2, device:/dev/sda" }, { receivedAt }).alerts[0];
    expect(a?.fingerprint).toBe(fingerprintOf({ monitorId: "42", scope: "device:/dev/sda,host:db-1" }));
    expect(b?.fingerprint).toBe(a?.fingerprint);
    expect(b?.status).toBe("resolved");
    expect(c?.fingerprint).not.toBe(a?.fingerprint);
  });

  it("without monitor id, keys the alert by the title without its transition", () => {
    const triggered = normalizeDatadog({ title: "[Triggered] Queue stuck" }, { receivedAt }).alerts[0];
    const recovered = normalizeDatadog({ title: "[Recovered] Queue stuck" }, { receivedAt }).alerts[0];
    expect(triggered?.fingerprint).toBe(fingerprintOf({ title: "Queue stuck", scope: "" }));
    expect(recovered?.fingerprint).toBe(triggered?.fingerprint);
    expect(recovered?.status).toBe("resolved");
  });

  it("accepts the date in seconds or as an ISO string, and uses receipt time without one", () => {
    expect(normalizeDatadog({ title: "x", date: 1746526500 }, { receivedAt }).alerts[0]?.startsAt.toISOString()).toBe(
      "2025-05-06T10:15:00.000Z",
    );
    expect(normalizeDatadog({ title: "x", date: "2025-05-06T10:15:00Z" }, { receivedAt }).alerts[0]?.startsAt.toISOString()).toBe(
      "2025-05-06T10:15:00.000Z",
    );
    expect(normalizeDatadog({ title: "x" }, { receivedAt }).alerts[0]?.startsAt).toEqual(receivedAt);
  });

  it.each([
    ["no title", { body: "text" }, "title", "expected a non-empty title (or alert_title)"],
    ["a blank title", { title: "  " }, "title", "expected a non-empty title (or alert_title)"],
    ["a bad date", { title: "x", date: "soon" }, "date", 'expected an ISO 8601 date-time or an epoch timestamp in milliseconds, got "soon"'],
    ["tags as an object", { title: "x", tags: { env: "prod" } }, "tags", 'expected a comma-separated "key:value" string or an array of strings'],
    ["not an object", "[Triggered] x", "", "expected object, received string"],
  ])("rejects a payload with %s", (_, payload, path, message) => {
    expect(envelopeIssues(payload)).toContainEqual({ path, message });
  });
});

describe("parseDatadogTags", () => {
  it("splits at the first colon, keeps bare tags, joins repeated keys", () => {
    expect(parseDatadogTags("env:prod, url:https://shop.example.com ,canary, team:a,team:b,,")).toEqual({
      env: "prod",
      url: "https://shop.example.com",
      canary: "",
      team: "a,b",
    });
    expect(parseDatadogTags(["kube_namespace:shop"])).toEqual({ kube_namespace: "shop" });
    expect(parseDatadogTags(undefined)).toEqual({});
  });
});
