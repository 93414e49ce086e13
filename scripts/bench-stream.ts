/**
 * `npm run bench:stream`: 100 concurrent SSE subscribers on one incident's event stream, the route
 * handler (`GET /api/incidents/{id}/stream`) run in-process over a fresh SQLite file, while events
 * are appended at a steady rate by a plain database write, as another process (a worker) would
 * write them: no in-process nudge, so delivery goes through the shared poller. Prints the delivery
 * latency per event and subscriber (store -> frame parsed by the subscriber): median, p99, max,
 * and how many database polls served all subscribers. Target: p99 < 250 ms.
 * Flags: --subscribers 100 --events 200 --rate 20 --nudge (also wake the tail in-process)
 * Run with: node --conditions=react-server --import tsx scripts/bench-stream.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const SUBSCRIBERS = flag("subscribers", 100);
const EVENTS = flag("events", 200);
const RATE = flag("rate", 20);
const NUDGE = process.argv.includes("--nudge");
const TARGET_P99_MS = 250;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-bench-stream-"));
  const databaseUrl = `file:${path.join(dataDir, "bench.db")}`;
  Object.assign(process.env, { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, WEBHOOK_TOKEN: "bench-token-0123456789abcdef", OPERATOR_TOKEN: "bench-operator-0123456789abcdef", LOG_LEVEL: "error", PIPELINE_ENABLED: "false", SIM_ENABLED: "false" });
  const { migrateDatabase } = await import("../lib/db/migrate");
  await migrateDatabase({ databaseUrl });
  const { getDb, disconnectDb } = await import("../lib/db/client");
  const { GET } = await import("../app/api/incidents/[id]/stream/route");
  const { incidentTailStats, notifyIncidentEvents } = await import("../lib/events/incident-event-feed");
  const db = getDb();
  const now = new Date();
  const incident = await db.incident.create({ data: { title: "bench", severity: "critical", state: "DIAGNOSING", groupKey: "bench", triggeredAt: now, lastAlertAt: now } });

  // Stored-at time per event id, taken right after the write commits.
  const storedAt = new Map<number, number>();
  const latencies: number[] = [];
  const received = new Array<number>(SUBSCRIBERS).fill(0);
  const duplicates = { count: 0 };
  const controllers: AbortController[] = [];

  await Promise.all(
    Array.from({ length: SUBSCRIBERS }, async (_, index) => {
      const controller = new AbortController();
      controllers.push(controller);
      const response = await GET(new Request(`http://bench/api/incidents/${incident.id}/stream`, { headers: { authorization: "Bearer bench-operator-0123456789abcdef" }, signal: controller.signal }), { params: Promise.resolve({ id: incident.id }) });
      if (response.status !== 200) throw new Error(`stream answered ${response.status}`);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const seen = new Set<number>();
      let buffer = "";
      void (async () => {
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) return;
            const arrived = performance.now();
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const idLine = block.split("\n").find((l) => l.startsWith("id: "));
              if (!idLine || !block.includes("event: incident-event")) continue;
              const id = Number(idLine.slice(4));
              if (seen.has(id)) duplicates.count++;
              seen.add(id);
              received[index]!++;
              const stored = storedAt.get(id);
              if (stored !== undefined) latencies.push(Math.max(0, arrived - stored));
            }
          }
        } catch {
          // aborted at the end
        }
      })();
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  const pollsBefore = incidentTailStats(db, incident.id)?.polls ?? 0;

  const started = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const row = await db.incidentEvent.create({ data: { incidentId: incident.id, type: "agent.step", payload: { agent: "diagnosis", kind: "observation", text: `bench step ${i}` } } });
    storedAt.set(row.id, performance.now());
    if (NUDGE) notifyIncidentEvents(incident.id);
  }
  const deadline = Date.now() + 5_000;
  while (received.some((n) => n < EVENTS) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const stats = incidentTailStats(db, incident.id);
  for (const c of controllers) c.abort();

  latencies.sort((a, b) => a - b);
  const missing = received.reduce((sum, n) => sum + Math.max(0, EVENTS - n), 0);
  const p99 = percentile(latencies, 99);
  console.log(`bench:stream: ${SUBSCRIBERS} subscribers, ${EVENTS} events at ${RATE}/s, ${NUDGE ? "with" : "without"} in-process nudge`);
  console.log(`  deliveries: ${latencies.length} (expected ${SUBSCRIBERS * EVENTS}), missing ${missing}, duplicates ${duplicates.count}`);
  console.log(`  delivery latency: median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(latencies.at(-1) ?? NaN).toFixed(1)} ms (target p99 < ${TARGET_P99_MS} ms)`);
  console.log(`  database polls while writing: ${(stats?.polls ?? 0) - pollsBefore} for all ${SUBSCRIBERS} subscribers (one shared poller)`);
  console.log(`  ${p99 < TARGET_P99_MS && missing === 0 && duplicates.count === 0 ? "PASS" : "FAIL"}`);
  await new Promise((r) => setTimeout(r, 200));
  await disconnectDb();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(p99 < TARGET_P99_MS && missing === 0 && duplicates.count === 0 ? 0 : 1);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
