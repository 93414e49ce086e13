/**
 * `npm run bench:ingest`: webhook ingestion against the production server (`next build && next start`)
 * on a fresh SQLite file, over HTTP, with Alertmanager webhooks of 20 alerts each. Two runs:
 * 1. saturation (closed loop): 50 senders post back to back; prints the most alerts/s the server
 *    takes and the latency that queueing gives at that load;
 * 2. target load (open loop): 1,000 alerts/s offered (50 requests/s), at most 50 in flight;
 *    prints the latency a sender sees at that rate.
 * Then alerts lost (sent vs stored) and the ceiling: the same rows inserted with better-sqlite3.
 * Flags: --requests 500 --concurrency 50 --alerts-per-request 20 --rate 1000 --port 3210
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { migrateDatabase } from "../lib/db/migrate";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const REQUESTS = flag("requests", 500);
const CONCURRENCY = flag("concurrency", 50);
const ALERTS_PER_REQUEST = flag("alerts-per-request", 20);
const PORT = flag("port", 3210);
const TARGET_RATE = flag("rate", 1000);
const TOKEN = "bench-token-0123456789abcdef";

function alertmanagerBatch(requestIndex: number) {
  const startsAt = new Date(Date.UTC(2026, 10, 21, 12, 0, 0) + requestIndex * 1000).toISOString();
  return {
    version: "4",
    groupKey: `{}:{alertname="HighErrorRatio"}`,
    truncatedAlerts: 0,
    status: "firing",
    receiver: "agentic-sre",
    groupLabels: { alertname: "HighErrorRatio" },
    commonLabels: { alertname: "HighErrorRatio", namespace: "shop" },
    commonAnnotations: {},
    externalURL: "http://alertmanager.local:9093",
    alerts: Array.from({ length: ALERTS_PER_REQUEST }, (_, i) => ({
      status: "firing",
      labels: { alertname: "HighErrorRatio", namespace: "shop", service: `svc-${(requestIndex * ALERTS_PER_REQUEST + i) % 40}`, severity: "critical", instance: `pod-${requestIndex}-${i}` },
      annotations: { summary: `error ratio above SLO (${requestIndex}/${i})` },
      startsAt,
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.local:9090/graph",
      fingerprint: `${requestIndex.toString(16).padStart(8, "0")}${i.toString(16).padStart(8, "0")}`,
    })),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** Closed loop: `concurrency` senders, each posting its next body as soon as the last answer arrives. */
async function runLoad(base: string, bodies: string[], concurrency: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const t0 = performance.now();
        const response = await fetch(`${base}/api/webhooks/alertmanager`, {
          method: "POST",
          headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          body,
        });
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  return { latencies, statuses };
}

/** Open loop: requests start on a fixed schedule (`requestsPerSecond`), at most `maxInFlight` at once. */
async function runOpenLoad(base: string, bodies: string[], requestsPerSecond: number, maxInFlight: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  let inFlight = 0;
  let peakInFlight = 0;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < bodies.length; i++) {
    const due = started + (i * 1000) / requestsPerSecond;
    while (performance.now() < due || inFlight >= maxInFlight) await new Promise((r) => setTimeout(r, 1));
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    const t0 = performance.now();
    pending.push(
      fetch(`${base}/api/webhooks/alertmanager`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: bodies[i]!,
      }).then(async (response) => {
        await response.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        inFlight--;
      }),
    );
  }
  await Promise.all(pending);
  return { latencies, statuses, seconds: (performance.now() - started) / 1000, peakInFlight };
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not come up at ${url}`);
}

/** Directly insert the same shape of rows with better-sqlite3: the storage ceiling. */
function directInsertCeiling(dbFile: string): number {
  const db = new Database(dbFile);
  db.pragma("journal_mode = WAL");
  const insertIncident = db.prepare(
    `INSERT INTO "Incident" (id, title, severity, state, namespace, service, groupKey, triggeredAt, lastAlertAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAlert = db.prepare(
    `INSERT INTO "Alert" (id, source, fingerprint, status, severity, name, summary, description, namespace, service, labels, annotations, startsAt, raw, receivedCount, createdAt, updatedAt, incidentId) VALUES (?, 'alertmanager', ?, 'firing', 'critical', 'HighErrorRatio', ?, '', 'shop', ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(`INSERT INTO "IncidentEvent" (incidentId, type, payload, createdAt) VALUES (?, 'alert.attached', ?, ?)`);
  const now = Date.now();
  const incidentId = randomUUID();
  insertIncident.run(incidentId, "bench", "critical", "TRIGGERED", "shop", "svc", "k", now, now, now, now);
  const started = performance.now();
  const batch = db.transaction((requestIndex: number) => {
    for (const alert of alertmanagerBatch(requestIndex).alerts) {
      const id = randomUUID();
      insertAlert.run(id, alert.fingerprint, alert.annotations.summary, alert.labels.service, JSON.stringify(alert.labels), JSON.stringify(alert.annotations), now, JSON.stringify(alert), now, now, incidentId);
      insertEvent.run(incidentId, JSON.stringify({ alertId: id }), now);
    }
  });
  for (let r = 0; r < REQUESTS; r++) batch(r);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return (REQUESTS * ALERTS_PER_REQUEST) / seconds;
}

async function main(): Promise<void> {
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit" });
    if (build.status !== 0) process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-bench-"));
  const databaseUrl = `file:${path.join(dataDir, "bench.db")}`;
  await migrateDatabase({ databaseUrl });
  const server = spawn("npx", ["next", "start", "--port", String(PORT)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", PIPELINE_ENABLED: "false" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitForServer(`${base}/api/healthz`);
    // Warm-up, not counted: the server loads route code and the JIT compiles the hot path on the
    // first requests; a production server has long done this when a burst comes.
    const warmBodies = Array.from({ length: 100 }, (_, i) => {
      const batch = alertmanagerBatch(REQUESTS + 1 + i);
      return JSON.stringify({ ...batch, alerts: batch.alerts.map((a) => ({ ...a, fingerprint: `warm${a.fingerprint}` })) });
    });
    await runLoad(base, warmBodies, CONCURRENCY);

    const bodies = Array.from({ length: REQUESTS }, (_, i) => JSON.stringify(alertmanagerBatch(i)));
    const started = performance.now();
    const { latencies, statuses } = await runLoad(base, bodies, CONCURRENCY);
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);

    const openBodies = Array.from({ length: REQUESTS }, (_, i) => {
      const batch = alertmanagerBatch(REQUESTS * 2 + i);
      return JSON.stringify({ ...batch, alerts: batch.alerts.map((a) => ({ ...a, fingerprint: `open${a.fingerprint}` })) });
    });
    const open = await runOpenLoad(base, openBodies, TARGET_RATE / ALERTS_PER_REQUEST, CONCURRENCY);
    open.latencies.sort((a, b) => a - b);

    const db = new Database(path.join(dataDir, "bench.db"), { readonly: true });
    const stored = (db.prepare(`SELECT COUNT(*) AS n FROM "Alert" WHERE fingerprint NOT LIKE 'warm%'`).get() as { n: number }).n;
    db.close();
    const sent = REQUESTS * ALERTS_PER_REQUEST * 2;
    const ceilingDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-ceiling-"));
    await migrateDatabase({ databaseUrl: `file:${path.join(ceilingDir, "ceiling.db")}` });
    const ceiling = directInsertCeiling(path.join(ceilingDir, "ceiling.db"));
    rmSync(ceilingDir, { recursive: true, force: true });

    const rate = (REQUESTS * ALERTS_PER_REQUEST) / seconds;
    const openRate = (REQUESTS * ALERTS_PER_REQUEST) / open.seconds;
    const openP99 = percentile(open.latencies, 99);
    const statusText = (m: Map<number, number>) => [...m].map(([s, n]) => `${s}: ${n}`).join(", ");
    const rows = [
      ["saturation: requests", `${REQUESTS} x ${ALERTS_PER_REQUEST} alerts, ${CONCURRENCY} senders back to back`],
      ["saturation: HTTP statuses", statusText(statuses)],
      ["saturation: alerts/s", rate.toFixed(0)],
      ["saturation: latency p50 / p99 (ms)", `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 99).toFixed(1)}`],
      ["target load: offered", `${TARGET_RATE} alerts/s (${(TARGET_RATE / ALERTS_PER_REQUEST).toFixed(0)} requests/s), max ${CONCURRENCY} in flight`],
      ["target load: HTTP statuses", statusText(open.statuses)],
      ["target load: alerts/s achieved", openRate.toFixed(0)],
      ["target load: latency p50 / p99 (ms)", `${percentile(open.latencies, 50).toFixed(1)} / ${openP99.toFixed(1)}`],
      ["target load: peak requests in flight", String(open.peakInFlight)],
      ["alerts sent / stored / lost (both runs)", `${sent} / ${stored} / ${sent - stored}`],
      ["ceiling: direct better-sqlite3 inserts (alerts/s)", ceiling.toFixed(0)],
    ];
    console.log("\nbench:ingest (SQLite, production server, this machine)\n");
    for (const [k, v] of rows) console.log(`  ${k!.padEnd(52)} ${v}`);
    const no5xx = ![...statuses.keys(), ...open.statuses.keys()].some((s) => s >= 500);
    const ok = rate >= 1000 && openRate >= TARGET_RATE * 0.95 && openP99 < 250 && sent === stored && no5xx;
    console.log(`\n  targets (>= 1000 alerts/s; p99 < 250 ms at 1000 alerts/s with up to 50 concurrent; 0 lost): ${ok ? "MET" : "NOT MET"}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
