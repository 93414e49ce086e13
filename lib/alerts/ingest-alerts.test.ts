import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { ingestAlerts } from "./ingest-alerts";
import type { NormalizedAlert } from "./types";

const WINDOW = 10 * 60_000;
const T0 = new Date("2026-11-21T10:00:00Z");

function alert(overrides: Partial<NormalizedAlert> = {}): NormalizedAlert {
  return {
    source: "alertmanager",
    externalId: null,
    fingerprint: "fp-1",
    status: "firing",
    severity: "warning",
    name: "HighErrorRatio",
    summary: "checkout error ratio above SLO",
    description: "",
    cluster: "prod",
    namespace: "shop",
    service: "checkout",
    groupHint: null,
    labels: { alertname: "HighErrorRatio", service: "checkout" },
    annotations: {},
    startsAt: T0,
    endsAt: null,
    generatorUrl: null,
    raw: {},
    ...overrides,
  };
}

const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe("ingestAlerts", () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createTestDatabase();
  });
  afterEach(async () => {
    await test.cleanup();
  });

  const ingest = (alerts: NormalizedAlert[], now = minutes(1)) => ingestAlerts({ db: test.db, alerts, groupWindowMs: WINDOW, now });

  it("stores a firing alert and opens an incident with an opened event", async () => {
    const result = await ingest([alert()]);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]!.outcome).toBe("created");
    const incident = await test.db.incident.findUniqueOrThrow({ where: { id: result.alerts[0]!.incidentId! } });
    expect(incident).toMatchObject({ title: "checkout error ratio above SLO", severity: "warning", state: "DETECTING", service: "checkout", namespace: "shop", cluster: "prod" });
    expect(incident.triggeredAt.toISOString()).toBe(T0.toISOString());
    // Due for the pipeline worker at once.
    expect(incident.nextRunAt?.toISOString()).toBe(minutes(1).toISOString());
    const events = await test.db.incidentEvent.findMany({ where: { incidentId: incident.id } });
    expect(events.map((e) => e.type)).toEqual(["incident.opened"]);
  });

  it("deduplicates the same fingerprint and start time: updated in place, counted, never duplicated", async () => {
    const first = await ingest([alert()]);
    const second = await ingest([alert({ summary: "now worse" })], minutes(2));
    expect(second.alerts[0]).toMatchObject({ id: first.alerts[0]!.id, outcome: "updated" });
    const rows = await test.db.alert.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ summary: "now worse", receivedCount: 2 });
  });

  it("counts repeats inside one batch and keeps one row", async () => {
    await ingest([alert(), alert(), alert({ summary: "third" })]);
    const rows = await test.db.alert.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ receivedCount: 3, summary: "third" });
  });

  it("treats a still-firing fingerprint with a new start time as the same alert (sources without stable start times)", async () => {
    const first = await ingest([alert({ source: "datadog", startsAt: T0 })]);
    const repeat = await ingest([alert({ source: "datadog", startsAt: minutes(5) })], minutes(5));
    expect(repeat.alerts[0]!.id).toBe(first.alerts[0]!.id);
    expect(await test.db.alert.count()).toBe(1);
  });

  it("a resolved notification resolves its alert, and the incident once every alert has cleared", async () => {
    const a = await ingest([alert({ fingerprint: "a" }), alert({ fingerprint: "b" })]);
    const incidentId = a.alerts[0]!.incidentId!;
    expect(a.alerts[1]!.incidentId).toBe(incidentId);

    const one = await ingest([alert({ fingerprint: "a", status: "resolved", endsAt: minutes(3) })], minutes(3));
    expect(one.alerts[0]!.outcome).toBe("resolved");
    expect((await test.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).resolvedAt).toBeNull();

    await ingest([alert({ fingerprint: "b", status: "resolved", endsAt: minutes(4) })], minutes(4));
    const incident = await test.db.incident.findUniqueOrThrow({ where: { id: incidentId } });
    expect(incident.state).toBe("RESOLVED");
    expect(incident.resolvedAt?.toISOString()).toBe(minutes(4).toISOString());
    const alertA = await test.db.alert.findUniqueOrThrow({ where: { id: a.alerts[0]!.id } });
    expect(alertA).toMatchObject({ status: "resolved" });
    expect(alertA.endsAt?.toISOString()).toBe(minutes(3).toISOString());
    const types = (await test.db.incidentEvent.findMany({ where: { incidentId }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["incident.opened", "alert.attached", "alert.resolved", "alert.resolved", "alerts.cleared"]);
    expect(incident.closedAt?.toISOString()).toBe(minutes(4).toISOString());
  });

  it("a late firing repeat does not reopen a resolved alert", async () => {
    await ingest([alert()]);
    await ingest([alert({ status: "resolved", endsAt: minutes(2) })], minutes(2));
    const late = await ingest([alert()], minutes(3));
    expect(late.alerts[0]!.status).toBe("resolved");
    expect((await test.db.alert.findFirstOrThrow()).status).toBe("resolved");
  });

  it("a resolve for an alert never seen firing is stored but opens no incident", async () => {
    const result = await ingest([alert({ status: "resolved", endsAt: minutes(1) })]);
    expect(result.alerts[0]!.incidentId).toBeNull();
    expect(await test.db.incident.count()).toBe(0);
    expect(await test.db.alert.count()).toBe(1);
  });

  it("groups by cluster/namespace/service within the window, and opens a new incident after it", async () => {
    const first = await ingest([alert({ fingerprint: "a" })], minutes(1));
    const within = await ingest([alert({ fingerprint: "b", name: "HighLatency" })], minutes(9));
    expect(within.alerts[0]!.incidentId).toBe(first.alerts[0]!.incidentId);
    // The window is measured from the incident's last alert (minute 9), so minute 18 still joins.
    const stillWithin = await ingest([alert({ fingerprint: "c" })], minutes(18));
    expect(stillWithin.alerts[0]!.incidentId).toBe(first.alerts[0]!.incidentId);
    const after = await ingest([alert({ fingerprint: "d" })], minutes(29));
    expect(after.alerts[0]!.incidentId).not.toBe(first.alerts[0]!.incidentId);
    const other = await ingest([alert({ fingerprint: "e", service: "cart" })], minutes(29));
    expect(other.alerts[0]!.incidentId).not.toBe(after.alerts[0]!.incidentId);
  });

  it("an incident closed as noise takes no new alerts: the next alert opens a new incident", async () => {
    const first = await ingest([alert({ fingerprint: "a" })], minutes(1));
    const incidentId = first.alerts[0]!.incidentId!;
    await test.db.incident.update({ where: { id: incidentId }, data: { state: "CLOSED_AS_NOISE", closedAt: minutes(2) } });
    const next = await ingest([alert({ fingerprint: "b" })], minutes(3));
    expect(next.alerts[0]!.incidentId).not.toBe(incidentId);
    expect(await test.db.alert.count({ where: { incidentId } })).toBe(1);
  });

  it("raises the incident's severity when a worse alert joins, with an event", async () => {
    const first = await ingest([alert({ fingerprint: "a", severity: "warning" })]);
    await ingest([alert({ fingerprint: "b", severity: "critical" })], minutes(2));
    const incidentId = first.alerts[0]!.incidentId!;
    expect((await test.db.incident.findUniqueOrThrow({ where: { id: incidentId } })).severity).toBe("critical");
    const changed = await test.db.incidentEvent.findFirstOrThrow({ where: { incidentId, type: "incident.severity_changed" } });
    expect(changed.payload).toMatchObject({ from: "warning", to: "critical" });
  });

  it("keeps the worst severity for an incident created and joined in the same batch", async () => {
    const result = await ingest([alert({ fingerprint: "a", severity: "info" }), alert({ fingerprint: "b", severity: "high" })]);
    expect((await test.db.incident.findUniqueOrThrow({ where: { id: result.alerts[0]!.incidentId! } })).severity).toBe("high");
  });

  it("alerts without a service group by the source's alert group", async () => {
    const result = await ingest([
      alert({ fingerprint: "a", service: null, groupHint: "{}:{alertname=\"NodeDown\"}" }),
      alert({ fingerprint: "b", service: null, groupHint: "{}:{alertname=\"NodeDown\"}" }),
      alert({ fingerprint: "c", service: null, groupHint: "{}:{alertname=\"DiskFull\"}" }),
    ]);
    expect(result.alerts[0]!.incidentId).toBe(result.alerts[1]!.incidentId);
    expect(result.alerts[2]!.incidentId).not.toBe(result.alerts[0]!.incidentId);
  });

  it("the same fingerprint from two sources is two alerts", async () => {
    await ingest([alert({ source: "alertmanager" })]);
    await ingest([alert({ source: "grafana" })]);
    expect(await test.db.alert.count()).toBe(2);
  });

  it("stores labels, annotations and the raw payload as JSON", async () => {
    const result = await ingest([alert({ labels: { a: "1" }, annotations: { runbook_url: "http://r" }, raw: { nested: { x: [1, 2] } }, generatorUrl: "http://g" })]);
    const row = await test.db.alert.findUniqueOrThrow({ where: { id: result.alerts[0]!.id } });
    expect(row.labels).toEqual({ a: "1" });
    expect(row.annotations).toEqual({ runbook_url: "http://r" });
    expect(row.raw).toEqual({ nested: { x: [1, 2] } });
    expect(row.generatorUrl).toBe("http://g");
    expect(row.startsAt.toISOString()).toBe(T0.toISOString());
  });
});
