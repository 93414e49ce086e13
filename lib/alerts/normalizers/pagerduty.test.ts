import { describe, expect, it } from "vitest";
import { loadFixture } from "../fixtures/load-fixture";
import { AlertEnvelopeError } from "../types";
import { normalizePagerDuty } from "./pagerduty";

const receivedAt = new Date("2025-05-06T11:00:00Z");

type Fixture = { event: { event_type: string; occurred_at?: string | null; data: Record<string, unknown> } };

function fixture(name: string): Fixture {
  return loadFixture(name) as Fixture;
}

function envelopeIssues(payload: unknown) {
  try {
    normalizePagerDuty(payload, { receivedAt });
  } catch (error) {
    if (error instanceof AlertEnvelopeError) return error.issues;
    throw error;
  }
  throw new Error("expected an AlertEnvelopeError");
}

describe("normalizePagerDuty", () => {
  it("maps incident.triggered to a firing alert keyed by the incident", () => {
    const { alerts, skipped, ignoredReason } = normalizePagerDuty(fixture("pagerduty-incident-triggered.json"), { receivedAt });
    expect(skipped).toEqual([]);
    expect(ignoredReason).toBeUndefined();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      source: "pagerduty",
      externalId: "Q1ZT4N2C3XJ9R7",
      fingerprint: "pagerduty:Q1ZT4N2C3XJ9R7",
      status: "firing",
      severity: "critical",
      name: "Checkout API 5xx rate above 5%",
      summary: "Checkout API 5xx rate above 5%",
      description: "",
      service: "checkout-api",
      namespace: null,
      cluster: null,
      groupHint: "Shop On-Call",
      endsAt: null,
      generatorUrl: "https://acme.pagerduty.com/incidents/Q1ZT4N2C3XJ9R7",
      labels: {
        pagerduty_status: "triggered",
        urgency: "high",
        priority: "P1",
        service_id: "PF9KMXH",
        escalation_policy: "Shop On-Call",
        teams: "Shop Engineering",
        incident_number: "4127",
        incident_key: "d3640fbd41094207a1c11e58e46b1662",
      },
    });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:16:02.000Z");
    expect(alerts[0]?.annotations).toMatchObject({
      event_type: "incident.triggered",
      assignees: "Dana Oncall",
      conference_url: "https://meet.example.com/checkout-war-room",
    });
  });

  it("keeps an acknowledged incident firing, with the PagerDuty status in labels", () => {
    const { alerts } = normalizePagerDuty(fixture("pagerduty-incident-acknowledged.json"), { receivedAt });
    expect(alerts[0]).toMatchObject({ status: "firing", fingerprint: "pagerduty:Q1ZT4N2C3XJ9R7", endsAt: null });
    expect(alerts[0]?.labels.pagerduty_status).toBe("acknowledged");
    expect(alerts[0]?.annotations.agent).toBe("Dana Oncall");
  });

  it("maps incident.resolved to a resolved alert ending when the event occurred", () => {
    const { alerts } = normalizePagerDuty(fixture("pagerduty-incident-resolved.json"), { receivedAt });
    expect(alerts[0]).toMatchObject({ status: "resolved", fingerprint: "pagerduty:Q1ZT4N2C3XJ9R7" });
    expect(alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:16:02.000Z");
    expect(alerts[0]?.endsAt?.toISOString()).toBe("2025-05-06T10:48:30.522Z");
    expect(alerts[0]?.annotations).not.toHaveProperty("assignees");
  });

  it.each([["incident.reopened"], ["incident.unacknowledged"], ["incident.escalated"], ["incident.priority_updated"]])(
    "maps %s to firing",
    (eventType) => {
      const payload = fixture("pagerduty-incident-triggered.json");
      payload.event.event_type = eventType;
      expect(normalizePagerDuty(payload, { receivedAt }).alerts[0]?.status).toBe("firing");
    },
  );

  it("does not reopen an incident whose data says it is resolved", () => {
    const payload = fixture("pagerduty-incident-resolved.json");
    payload.event.event_type = "incident.priority_updated";
    expect(normalizePagerDuty(payload, { receivedAt }).alerts[0]?.status).toBe("resolved");
  });

  it.each([
    ["pagerduty-service-updated.json", "service.updated"],
  ])("ignores %s with a reason", (name, eventType) => {
    const result = normalizePagerDuty(fixture(name), { receivedAt });
    expect(result).toEqual({ alerts: [], skipped: [], ignoredReason: `PagerDuty event type ${eventType} is not tracked` });
  });

  it("ignores incident.annotated and pagey.ping", () => {
    const annotated = {
      event: {
        id: "01DEN9F4Q7",
        event_type: "incident.annotated",
        resource_type: "incident",
        occurred_at: "2025-05-06T10:30:00Z",
        agent: null,
        client: null,
        data: {
          incident: { id: "Q1ZT4N2C3XJ9R7", type: "incident_reference" },
          id: "P2LA89X",
          content: "Rolled back cart to v2.13.4",
          trimmed: false,
          type: "incident_note",
        },
      },
    };
    const ping = {
      event: {
        id: "01DENPING",
        event_type: "pagey.ping",
        resource_type: "pagey",
        occurred_at: "2025-05-06T10:30:00Z",
        agent: null,
        client: null,
        data: { message: "Hello from your friend Pagey!", type: "ping" },
      },
    };
    expect(normalizePagerDuty(annotated, { receivedAt }).ignoredReason).toBe("PagerDuty event type incident.annotated is not tracked");
    expect(normalizePagerDuty(ping, { receivedAt }).ignoredReason).toBe("PagerDuty event type pagey.ping is not tracked");
  });

  it.each([
    [{ summary: "P2" }, "high", "high"],
    [{ summary: "P3" }, "high", "warning"],
    [{ summary: "P4" }, "high", "info"],
    [{ summary: "P5" }, "low", "info"],
    [null, "high", "high"],
    [null, "low", "warning"],
    [{ summary: "Business Critical" }, "low", "warning"],
  ])("maps priority %j with urgency %s to %s", (priority, urgency, severity) => {
    const payload = fixture("pagerduty-incident-triggered.json");
    payload.event.data.priority = priority;
    payload.event.data.urgency = urgency;
    expect(normalizePagerDuty(payload, { receivedAt }).alerts[0]?.severity).toBe(severity);
  });

  it("falls back to occurred_at, then receipt time, when created_at is missing", () => {
    const payload = fixture("pagerduty-incident-triggered.json");
    delete payload.event.data.created_at;
    expect(normalizePagerDuty(payload, { receivedAt }).alerts[0]?.startsAt.toISOString()).toBe("2025-05-06T10:16:02.918Z");
    payload.event.occurred_at = null;
    expect(normalizePagerDuty(payload, { receivedAt }).alerts[0]?.startsAt).toEqual(receivedAt);
  });

  it("rejects a tracked event whose incident is invalid, with the path under event.data", () => {
    const payload = fixture("pagerduty-incident-triggered.json");
    payload.event.data.created_at = "last tuesday";
    delete payload.event.data.title;
    const issues = envelopeIssues(payload);
    expect(issues.map((issue) => issue.path)).toEqual(["event.data.created_at", "event.data.title"]);
    expect(issues[1]?.message).toBe("expected string, received undefined");
  });

  it.each([
    ["no event", {}, "event"],
    ["no event type", { event: { id: "1", data: {} } }, "event.event_type"],
    ["data not an object", { event: { id: "1", event_type: "incident.triggered", data: "x" } }, "event.data"],
    ["bad occurred_at", { event: { id: "1", event_type: "pagey.ping", occurred_at: "soon", data: {} } }, "event.occurred_at"],
  ])("rejects an invalid envelope (%s)", (_, payload, path) => {
    expect(envelopeIssues(payload)[0]?.path).toBe(path);
  });
});
