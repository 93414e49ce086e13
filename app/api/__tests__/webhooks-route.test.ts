import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetAppContextForTests } from "@/lib/app-context";
import { disconnectDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { loadFixture, loadFixtureText } from "@/lib/alerts/fixtures/load-fixture";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { POST } from "../webhooks/[source]/route";

const TOKEN = "integration-token-0123456789";
const PD_SECRET = "pd-signing-secret";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: test.databaseUrl,
    DATA_DIR: test.dataDir,
    WEBHOOK_TOKEN: TOKEN,
    PAGERDUTY_WEBHOOK_SECRET: PD_SECRET,
    LOG_LEVEL: "error",
  });
  resetEnvCache();
  resetAppContextForTests();
});

afterAll(async () => {
  await disconnectDb();
  await test.cleanup();
});

beforeEach(async () => {
  await test.db.incidentEvent.deleteMany();
  await test.db.alert.deleteMany();
  await test.db.incident.deleteMany();
});

interface PostOptions {
  token?: string | null;
  query?: string;
  headers?: Record<string, string>;
  rawBody?: string;
}

async function post(source: string, body: unknown, options: PostOptions = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const request = new Request(`http://localhost/api/webhooks/${source}${options.query ?? ""}`, {
    method: "POST",
    headers,
    body: options.rawBody ?? JSON.stringify(body),
  });
  const response = await POST(request, { params: Promise.resolve({ source }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

describe("POST /api/webhooks/{source}", () => {
  it.each([
    ["alertmanager", "alertmanager-firing.json", 2],
    ["grafana", "grafana-unified-firing.json", 2],
    ["grafana", "grafana-legacy-alerting.json", 1],
    ["pagerduty", "pagerduty-incident-triggered.json", 1],
    ["datadog", "datadog-triggered.json", 1],
    ["datadog", "datadog-default.json", 1],
    ["generic", "generic-simple.json", 1],
    ["generic", "generic-rich.json", 1],
  ])("%s accepts %s with 202, stores %i alert(s) and opens incidents", async (source, fixture, count) => {
    const response = await post(source, loadFixture(fixture));
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(count);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    expect(await test.db.alert.count()).toBe(count);
    expect(await test.db.incident.count()).toBeGreaterThan(0);
    const alerts = response.body.alerts as { id: string; incidentId: string }[];
    const stored = await test.db.alert.findMany({ where: { id: { in: alerts.map((a) => a.id) } } });
    expect(stored.every((a) => a.source === source)).toBe(true);
  });

  it.each([
    ["pagerduty", "pagerduty-service-updated.json"],
    ["grafana", "grafana-legacy-no-data.json"],
  ])("%s answers 200 to an event it does not track (%s) and stores nothing", async (source, fixture) => {
    const response = await post(source, loadFixture(fixture));
    expect(response.status).toBe(200);
    expect(response.body.ignored).toEqual(expect.any(String));
    expect(await test.db.alert.count()).toBe(0);
  });

  it("a resolved notification resolves the alert and the incident", async () => {
    await post("alertmanager", { ...(loadFixture("alertmanager-firing.json") as object) });
    const firing = loadFixture("alertmanager-firing.json") as { alerts: Record<string, unknown>[] };
    const resolved = {
      ...firing,
      status: "resolved",
      alerts: firing.alerts.map((a) => ({ ...a, status: "resolved", endsAt: "2030-01-01T00:00:00Z" })),
    };
    const response = await post("alertmanager", resolved);
    expect(response.status).toBe(202);
    expect((response.body.alerts as { outcome: string }[]).map((a) => a.outcome)).toEqual(["resolved", "resolved"]);
    expect(await test.db.alert.count({ where: { status: "firing" } })).toBe(0);
    expect(await test.db.incident.count({ where: { resolvedAt: null } })).toBe(0);
  });

  it("generic batch: stores the valid alerts, lists the invalid ones, and applies a resolve in the same batch", async () => {
    const response = await post("generic", loadFixture("generic-batch.json"));
    expect(response.status).toBe(202);
    expect((response.body.skipped as unknown[]).length).toBe(2);
    expect(response.body.accepted).toBe(4);
    const backlog = await test.db.alert.findFirstOrThrow({ where: { fingerprint: "orders-queue-backlog" } });
    expect(backlog).toMatchObject({ status: "resolved", receivedCount: 2 });
    expect(await test.db.alert.count()).toBe(3);
  });

  it("skips invalid alerts in an otherwise valid batch, lists them, and stores the valid ones", async () => {
    const response = await post("alertmanager", loadFixture("alertmanager-batch-with-invalid.json"));
    expect(response.status).toBe(202);
    const skipped = response.body.skipped as { index: number; reason: string }[];
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]!.reason).toMatch(/alerts\[\d+\]/);
    expect(await test.db.alert.count()).toBe(5 - skipped.length);
  });

  it("401 without a token, with a wrong token; nothing is stored", async () => {
    expect((await post("alertmanager", loadFixture("alertmanager-firing.json"), { token: null })).status).toBe(401);
    const wrong = await post("alertmanager", loadFixture("alertmanager-firing.json"), { token: "wrong-token-0123456789" });
    expect(wrong.status).toBe(401);
    expect((wrong.body.error as { message: string }).message).toContain("Bearer");
    expect(await test.db.alert.count()).toBe(0);
  });

  it("accepts ?token= for senders that cannot set headers", async () => {
    const response = await post("generic", loadFixture("generic-rich.json"), { token: null, query: `?token=${TOKEN}` });
    expect(response.status).toBe(202);
  });

  it("PagerDuty: a valid X-PagerDuty-Signature authenticates without a token; a bad one is 401", async () => {
    const rawBody = loadFixtureText("pagerduty-incident-triggered.json");
    const signature = `v1=${createHmac("sha256", PD_SECRET).update(rawBody).digest("hex")}`;
    const signed = await post("pagerduty", null, { token: null, rawBody, headers: { "x-pagerduty-signature": signature } });
    expect(signed.status).toBe(202);
    const forged = await post("pagerduty", null, { token: null, rawBody, headers: { "x-pagerduty-signature": `v1=${"0".repeat(64)}` } });
    expect(forged.status).toBe(401);
    expect(await test.db.alert.count()).toBe(1);
  });

  it("404 for an unknown source, naming the known ones", async () => {
    const response = await post("nagios", {});
    expect(response.status).toBe(404);
    expect((response.body.error as { message: string }).message).toContain("alertmanager");
  });

  it("400 for a body that is not JSON", async () => {
    const response = await post("generic", null, { rawBody: "{not json" });
    expect(response.status).toBe(400);
    expect((response.body.error as { message: string }).message).toContain("not valid JSON");
  });

  it("413 for a body over 1 MiB, before anything is stored", async () => {
    const response = await post("generic", null, { rawBody: JSON.stringify({ alert: "x", context: "y".repeat(1024 * 1024) }) });
    expect(response.status).toBe(413);
    expect(await test.db.alert.count()).toBe(0);
  });

  it("422 for an invalid envelope, with the field path and the reason", async () => {
    const response = await post("alertmanager", { version: "4", alerts: "not-a-list" });
    expect(response.status).toBe(422);
    const issues = (response.body.error as { issues: { path: string; message: string }[] }).issues;
    expect(issues[0]!.path).toBe("alerts");
    expect(issues[0]!.message).toMatch(/array/i);
    expect(await test.db.alert.count()).toBe(0);
  });

  it("500 concurrent requests of 20 alerts each store all 10,000 alerts exactly once, with no 5xx", async () => {
    const statuses = await Promise.all(
      Array.from({ length: 500 }, async (_, r) => {
        const body = {
          version: "4",
          groupKey: "{}:{}",
          status: "firing",
          receiver: "test",
          groupLabels: {},
          commonLabels: {},
          commonAnnotations: {},
          externalURL: "http://am",
          alerts: Array.from({ length: 20 }, (_, i) => ({
            status: "firing",
            labels: { alertname: "Load", namespace: "shop", service: `svc-${(r + i) % 25}`, severity: "warning" },
            annotations: { summary: `load ${r}/${i}` },
            startsAt: "2026-11-21T10:00:00Z",
            endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://prom",
            fingerprint: `c-${r}-${i}`,
          })),
        };
        return (await post("alertmanager", body)).status;
      }),
    );
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    expect(await test.db.alert.count()).toBe(10_000);
    const distinct = await test.db.alert.groupBy({ by: ["fingerprint"], _count: { _all: true } });
    expect(distinct).toHaveLength(10_000);
    // Grouped by service: one open incident per service.
    expect(await test.db.incident.count()).toBe(25);
  }, 120_000);
});
