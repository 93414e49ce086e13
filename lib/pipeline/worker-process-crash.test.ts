/**
 * Crash safety with a real process: the worker (`scripts/worker.ts`, as `npm run worker` runs it)
 * works an incident on the simulated shop and is killed with SIGKILL while its transaction is
 * being validated. A second worker process takes the incident over once the first one's lease
 * and write lock have expired (expired here by moving their deadlines, instead of waiting two
 * minutes), resumes the transaction from its write-ahead log, and commits it: no action runs
 * twice and the shop ends healthy.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, expect, it } from "vitest";
import { ingestAlerts } from "../alerts/ingest-alerts";
import type { Severity } from "../alerts/types";
import { shopUnhealthyReasons, syntheticAlert } from "../agents/testing/scenario-pipeline";
import { createDb, type Db } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { findScenario } from "../sim/scenarios/catalog";
import { attachShop } from "../sim/shop/attach-shop";
import { SHOP_NAMESPACE } from "../sim/shop/topology";
import { createSimulator } from "../sim/simulator";

const ROOT = resolve(import.meta.dirname, "../..");
/** Simulated seconds per real second while the shop builds its history, then while the workers run. */
const WARMUP_SPEED = 200;
const WORK_SPEED = 30;

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function until<T>(what: string | (() => string), timeoutMs: number, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startWorker(dir: string, port: number, output: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dir,
      SIM_ENABLED: "true",
      SIM_PORT: String(port),
      AUTOPILOT: JSON.stringify({ [SHOP_NAMESPACE]: "high" }),
      STABILIZATION_SECONDS: "60",
      LOG_LEVEL: "info",
      NODE_ENV: "test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  return child;
}


it("a worker killed with SIGKILL while validating is resumed by a new worker process: committed once, nothing executed twice", async () => {
  const dir = mkdtempSync(join(tmpdir(), "worker-crash-"));
  const sim = createSimulator({ seed: 7, port: 0, kubeconfigPath: join(dir, "sim.kubeconfig"), clock: { speed: WARMUP_SPEED } });
  await sim.start();
  const shop = attachShop(sim, { seed: 7 });
  sim.mountHandler(shop.controlHandler);
  const databaseUrl = `file:${join(dir, "agentic-sre.db")}`;
  await migrateDatabase({ databaseUrl });
  const db: Db = createDb({ databaseUrl });
  const workers: ChildProcess[] = [];
  const output: string[] = [];
  cleanup = async () => {
    for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
    shop.stop();
    await sim.stop();
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  };

  // History for the detectors' baselines, then the fault and its alerts.
  const started = sim.clock.nowMs();
  await until("warm-up", 30_000, () => sim.clock.nowMs() - started >= 480_000);
  const scenario = findScenario("scale-to-zero")!;
  shop.scenarios.inject(scenario.name);
  const expected = scenario.groundTruth.expectedAlerts.map((a) => `${a.alertname}/${a.service}`);
  const firing = await until("the scenario's alerts", 30_000, () => {
    const alerts = shop.rules.alerts().filter((a) => a.state === "firing");
    const keys = new Set(alerts.map((a) => `${a.labels.alertname}/${a.labels.service}`));
    return expected.every((k) => keys.has(k)) ? alerts : null;
  });
  sim.clock.setSpeed(WORK_SPEED);
  const ingested = await ingestAlerts({
    db,
    alerts: firing.map((a) => syntheticAlert({ name: a.labels.alertname ?? "", service: a.labels.service ?? "", severity: (a.labels.severity as Severity) ?? "warning", startsAt: new Date(a.activeAtMs) })),
    groupWindowMs: 15 * 60_000,
  });
  const [incidentId, ...others] = ingested.incidentIds;
  await db.alert.updateMany({ where: { incidentId: { in: others } }, data: { incidentId } });
  await db.incidentEvent.deleteMany({ where: { incidentId: { in: others } } });
  await db.incident.deleteMany({ where: { id: { in: others } } });
  await db.incident.update({ where: { id: incidentId! }, data: { state: "DETECTING", namespace: SHOP_NAMESPACE, nextRunAt: new Date() } });

  // Worker 1 investigates, is auto-approved, executes, and is killed while observing the result.
  const port = Number(new URL(sim.url).port);
  const first = startWorker(dir, port, output);
  workers.push(first);
  const tx = await until(() => `a transaction validating (worker output: ${output.join("").slice(-3000)})`, 90_000, () => db.mitigationTransaction.findFirst({ where: { incidentId: incidentId!, phase: "validating" } }));
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  const stuck = await db.incident.findUniqueOrThrow({ where: { id: incidentId! } });
  expect(stuck.state).toBe("VALIDATING");
  expect(stuck.leaseOwner).not.toBeNull();
  const executedBefore = await db.incidentEvent.count({ where: { incidentId: incidentId!, type: "tnr.action.executed" } });
  expect(executedBefore).toBe((tx.actions as unknown[]).length);

  // Its lease and write lock run out (moved into the past rather than waited for).
  const past = new Date(Date.now() - 1_000);
  await db.incident.update({ where: { id: incidentId! }, data: { leaseExpiresAt: past, nextRunAt: past } });
  await db.writeLock.updateMany({ data: { expiresAt: past } });

  const second = startWorker(dir, port, output);
  workers.push(second);
  const settled = await until(() => `the incident to leave VALIDATING (worker output: ${output.join("").slice(-3000)})`, 90_000, async () => {
    // The step ends with its `tnr.recovered` record, written just after the state moves on.
    const row = await db.incident.findUniqueOrThrow({ where: { id: incidentId! } });
    const recorded = await db.incidentEvent.count({ where: { incidentId: incidentId!, type: "tnr.recovered" } });
    return recorded > 0 && row.state !== "VALIDATING" ? row : null;
  });
  second.kill("SIGTERM");

  const events = await db.incidentEvent.findMany({ where: { incidentId: incidentId! }, orderBy: { id: "asc" } });
  const types = events.map((e) => e.type);
  expect(["MITIGATED", "RESOLVED"], types.join(", ")).toContain(settled.state);
  expect(types).toEqual(expect.arrayContaining(["recovery.resumed", "validation.committed", "tnr.recovered"]));
  const resumed = events.find((e) => e.type === "recovery.resumed")!.payload as { workerId: string };
  expect(resumed.workerId).not.toBe(stuck.leaseOwner);
  // Nothing ran twice: the executions are the ones worker 1 made, one per action, and one transaction exists.
  expect(types.filter((t) => t === "tnr.action.executed")).toHaveLength(executedBefore);
  expect(await db.mitigationTransaction.count()).toBe(1);
  expect((await db.mitigationTransaction.findUniqueOrThrow({ where: { id: tx.id } })).phase).toBe("committed");
  await until(() => `the shop to recover (${shopUnhealthyReasons(sim, shop).join("; ")})`, 60_000, () => shopUnhealthyReasons(sim, shop).length === 0);
}, 240_000);
