import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestAlerts } from "../alerts/ingest-alerts";
import { normalizeAlertPayload } from "../alerts/normalize";
import { loadFixture } from "../alerts/fixtures/load-fixture";
import { claimNextIncident } from "../incidents/incident-lease";
import { createDb, type Db } from "./client";
import { migrateDatabase, readMigrationDirectories } from "./migrate";
import { migrationsDirFor } from "./schema-source";

/**
 * PostgreSQL: the same migrations and ingestion, against a real server. `.ci/run` installs and
 * starts Debian's postgresql and sets TEST_POSTGRES_URL (a role allowed to create databases);
 * without it this file is skipped, and says so.
 */
const adminUrl = process.env.TEST_POSTGRES_URL;
if (!adminUrl) console.warn("lib/db/postgres.test.ts skipped: set TEST_POSTGRES_URL=postgresql://user:pass@host:5432/postgres to run it");

describe.skipIf(!adminUrl)("PostgreSQL", () => {
  const database = `agentic_sre_test_${randomBytes(4).toString("hex")}`;
  let databaseUrl: string;
  let db: Db;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const url = new URL(adminUrl!);
    url.pathname = `/${database}`;
    databaseUrl = url.toString();
  });

  afterAll(async () => {
    await db?.$disconnect();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("applies the committed migrations, and only once", async () => {
    const committed = readMigrationDirectories(migrationsDirFor("postgresql")).map((m) => m.path);
    expect(committed[0]).toMatch(/_init$/);
    expect(await migrateDatabase({ databaseUrl })).toEqual(committed);
    expect(await migrateDatabase({ databaseUrl })).toEqual([]);
    db = createDb({ databaseUrl });
  });

  it("ingests fixtures: dedup, grouping and resolution behave as on SQLite", async () => {
    const receivedAt = new Date();
    const firing = normalizeAlertPayload("alertmanager", loadFixture("alertmanager-firing.json"), { receivedAt }).alerts;
    const first = await ingestAlerts({ db, alerts: firing, groupWindowMs: 600_000 });
    const again = await ingestAlerts({ db, alerts: firing, groupWindowMs: 600_000 });
    expect(again.alerts.map((a) => a.id)).toEqual(first.alerts.map((a) => a.id));
    expect(again.alerts.every((a) => a.outcome === "updated")).toBe(true);
    const resolved = firing.map((a) => ({ ...a, status: "resolved" as const, endsAt: new Date() }));
    await ingestAlerts({ db, alerts: resolved, groupWindowMs: 600_000 });
    expect(await db.alert.count({ where: { status: "firing" } })).toBe(0);
    const incidents = await db.incident.findMany();
    expect(incidents.every((i) => i.state === "RESOLVED" && i.resolvedAt !== null)).toBe(true);
    const rows = await db.alert.findMany();
    expect(rows.every((r) => r.receivedCount === 3)).toBe(true);
    expect(rows[0]!.labels).toEqual(expect.any(Object));
  });

  it("concurrent writers store every alert exactly once and open one incident per group", async () => {
    const alerts = (r: number) =>
      normalizeAlertPayload(
        "generic",
        {
          alerts: Array.from({ length: 20 }, (_, i) => ({
            name: "Load",
            severity: "warning",
            service: `svc-${(r + i) % 10}`,
            namespace: "shop",
            fingerprint: `pg-${r}-${i}`,
            startsAt: "2026-11-21T10:00:00Z",
          })),
        },
        { receivedAt: new Date() },
      ).alerts;
    // Separate transactions racing on the same groups: advisory locks must serialize them.
    await Promise.all(Array.from({ length: 100 }, (_, r) => ingestAlerts({ db, alerts: alerts(r), groupWindowMs: 600_000 })));
    expect(await db.alert.count({ where: { fingerprint: { startsWith: "pg-" } } })).toBe(2000);
    expect(await db.incident.count({ where: { service: { startsWith: "svc-" } } })).toBe(10);
  }, 60_000);

  it("workers racing for due incidents each win distinct ones (lease claim on PostgreSQL)", async () => {
    const now = new Date();
    // Only this test's incidents are due (the ingestion tests above opened some too).
    await db.incident.updateMany({ data: { nextRunAt: null } });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const row = await db.incident.create({
        data: { title: `due ${i}`, severity: "high", state: "DETECTING", groupKey: `race-${i}`, triggeredAt: now, lastAlertAt: now, nextRunAt: now },
      });
      ids.push(row.id);
    }
    const claims = await Promise.all(Array.from({ length: 12 }, (_, w) => claimNextIncident({ db, owner: `pg-worker-${w}`, leaseMs: 30_000, now })));
    const won = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(new Set(won).size).toBe(won.length);
    expect(won.sort()).toEqual(ids.sort());
  });
});
