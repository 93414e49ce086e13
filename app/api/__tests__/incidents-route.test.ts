import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestAlerts } from "@/lib/alerts/ingest-alerts";
import type { NormalizedAlert } from "@/lib/alerts/types";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { GET as getHealth } from "../healthz/route";
import { GET as getAlerts } from "../incidents/[id]/alerts/route";
import { GET as getEvents } from "../incidents/[id]/events/route";
import { GET as getIncident } from "../incidents/[id]/route";
import { GET as listIncidents } from "../incidents/route";

let test: TestDatabase;
const ids: Record<string, string> = {};

function alert(service: string, fingerprint: string, status: "firing" | "resolved" = "firing"): NormalizedAlert {
  return {
    source: "generic",
    externalId: null,
    fingerprint,
    status,
    severity: "high",
    name: `Alert ${fingerprint}`,
    summary: `${service} is failing`,
    description: "",
    cluster: null,
    namespace: "shop",
    service,
    groupHint: null,
    labels: {},
    annotations: {},
    startsAt: new Date("2026-11-21T10:00:00Z"),
    endsAt: status === "resolved" ? new Date("2026-11-21T10:05:00Z") : null,
    generatorUrl: null,
    raw: {},
  };
}

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: test.databaseUrl, DATA_DIR: test.dataDir, WEBHOOK_TOKEN: "integration-token-0123456789", OPERATOR_TOKEN: "operator-token-0123456789", LOG_LEVEL: "error" });
  resetEnvCache();
  resetAppContextForTests();
  const groupWindowMs = 600_000;
  const resolved = await ingestAlerts({ db: test.db, alerts: [alert("cart", "c1")], groupWindowMs, now: new Date("2026-11-21T10:01:00Z") });
  await ingestAlerts({ db: test.db, alerts: [alert("cart", "c1", "resolved")], groupWindowMs, now: new Date("2026-11-21T10:06:00Z") });
  const open = await ingestAlerts({
    db: test.db,
    alerts: [alert("checkout", "k1"), alert("checkout", "k2"), alert("checkout", "k3")],
    groupWindowMs,
    now: new Date("2026-11-21T10:02:00Z"),
  });
  ids.resolved = resolved.alerts[0]!.incidentId!;
  ids.open = open.alerts[0]!.incidentId!;
});

afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
});

const call = async (handler: (r: Request, c: { params: Promise<Record<string, string>> }) => Promise<Response>, url: string, params: Record<string, string> = {}) => {
  const response = await handler(new Request(`http://localhost${url}`, { headers: { authorization: "Bearer operator-token-0123456789" } }), { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("incident API", () => {
  it("GET /api/incidents lists open incidents first, with alert counts", async () => {
    const { status, body } = await call(listIncidents, "/api/incidents");
    expect(status).toBe(200);
    const items = body.items as { id: string; alertCount: number; firingAlertCount: number; resolvedAt: string | null }[];
    expect(items.map((i) => i.id)).toEqual([ids.open, ids.resolved]);
    expect(items[0]).toMatchObject({ alertCount: 3, firingAlertCount: 3, resolvedAt: null, open: true });
    expect(items[1]!.resolvedAt).not.toBeNull();
    expect(body.total).toBe(2);
  });

  it("filters by status and paginates", async () => {
    const open = await call(listIncidents, "/api/incidents?status=open");
    expect((open.body.items as { id: string }[]).map((i) => i.id)).toEqual([ids.open]);
    const page2 = await call(listIncidents, "/api/incidents?pageSize=1&page=2");
    expect((page2.body.items as { id: string }[]).map((i) => i.id)).toEqual([ids.resolved]);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
  });

  it("reads open and closed from the state: an incident closed as noise is closed, without a resolvedAt", async () => {
    await test.db.incident.update({ where: { id: ids.open! }, data: { state: "CLOSED_AS_NOISE", closedAt: new Date("2026-11-21T10:03:00Z") } });
    try {
      const open = await call(listIncidents, "/api/incidents?status=open");
      expect(open.body.total).toBe(0);
      const closed = await call(listIncidents, "/api/incidents?status=closed");
      const items = closed.body.items as { id: string; open: boolean; resolvedAt: string | null }[];
      expect(items.map((i) => i.id).sort()).toEqual([ids.open, ids.resolved].sort());
      expect(items.find((i) => i.id === ids.open)).toMatchObject({ open: false, resolvedAt: null });
    } finally {
      await test.db.incident.update({ where: { id: ids.open! }, data: { state: "DETECTING", closedAt: null } });
    }
  });

  it("400 for a bad query parameter, naming it", async () => {
    const { status, body } = await call(listIncidents, "/api/incidents?pageSize=1000");
    expect(status).toBe(400);
    expect((body.error as { issues: { path: string }[] }).issues[0]!.path).toBe("pageSize");
  });

  it("GET /api/incidents/{id} returns one incident; 404 names an unknown id", async () => {
    const found = await call(getIncident, `/api/incidents/${ids.open}`, { id: ids.open! });
    expect(found.body).toMatchObject({ id: ids.open, service: "checkout", alertCount: 3, state: "DETECTING" });
    const missing = await call(getIncident, "/api/incidents/nope", { id: "nope" });
    expect(missing.status).toBe(404);
    expect((missing.body.error as { message: string }).message).toContain('"nope"');
  });

  it("GET /api/incidents/{id}/alerts paginates the incident's alerts", async () => {
    const { body } = await call(getAlerts, `/api/incidents/${ids.open}/alerts?pageSize=2`, { id: ids.open! });
    expect((body.items as unknown[]).length).toBe(2);
    expect(body.total).toBe(3);
    const missing = await call(getAlerts, "/api/incidents/nope/alerts", { id: "nope" });
    expect(missing.status).toBe(404);
  });

  it("GET /api/incidents/{id}/events returns the log in order and resumes after an id", async () => {
    const { body } = await call(getEvents, `/api/incidents/${ids.resolved}/events`, { id: ids.resolved! });
    const events = body.items as { id: number; type: string }[];
    expect(events.map((e) => e.type)).toEqual(["incident.opened", "alert.resolved", "alerts.cleared"]);
    const after = await call(getEvents, `/api/incidents/${ids.resolved}/events?after=${events[0]!.id}`, { id: ids.resolved! });
    expect((after.body.items as { type: string }[]).map((e) => e.type)).toEqual(["alert.resolved", "alerts.cleared"]);
  });

  it("GET /api/healthz checks the database", async () => {
    const { status, body } = await call(getHealth, "/api/healthz");
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: { ok: true, provider: "sqlite" } });
  });
});
