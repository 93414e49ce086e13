/**
 * `npx tsx scripts/bench-sim.ts`: the whole shop under load on one core, a manual clock stepped
 * as fast as possible. Reports simulated seconds per wall-clock second and resident memory.
 *
 *   npx tsx scripts/bench-sim.ts [--minutes 10] [--scenario network-partition]
 *
 * Targets: >= 100x real time (a 10-minute incident in under 6 s) and < 300 MB resident.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { z } from "zod";
import { SimClock } from "../lib/sim/clock";
import { startControllers } from "../lib/sim/controllers";
import { SeededRandom } from "../lib/sim/rng";
import { attachShop } from "../lib/sim/shop/attach-shop";
import { bootstrapCluster } from "../lib/sim/store/bootstrap";
import { InMemoryObjectStore } from "../lib/sim/store/object-store";

const SPEED_TARGET = 100;
const MEMORY_TARGET_MB = 300;
/** Simulated time per step: the controllers' and the traffic model's tick. */
const STEP_MS = 1000;

const argsSchema = z.object({ minutes: z.coerce.number().positive().max(24 * 60), scenario: z.string().min(1).optional() });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: "string" }, scenario: { type: "string" } } });
  const parsed = argsSchema.safeParse({ minutes: values.minutes ?? 10, scenario: values.scenario ?? "network-partition" });
  if (!parsed.success) {
    console.error(`bench-sim: invalid ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
    process.exitCode = 2;
    return;
  }
  const { minutes, scenario } = parsed.data;
  const rssBefore = process.memoryUsage().rss;
  const clock = new SimClock({ mode: "manual", start: new Date("2025-01-01T18:00:00Z") });
  const store = new InMemoryObjectStore({ clock, rng: new SeededRandom(2) });
  bootstrapCluster({ store, clock, rng: new SeededRandom(3) });
  const controllers = startControllers({ store, clock, rng: new SeededRandom(1) });
  const shop = attachShop({ store, clock, controllers }, { seed: 1 });

  const run = (seconds: number): number => {
    const start = performance.now();
    for (let t = 0; t < seconds; t++) {
      clock.advance(STEP_MS);
      controllers.reconcileNow();
    }
    return (performance.now() - start) / 1000;
  };

  const rows: { phase: string; simulated: number; wall: number }[] = [];
  rows.push({ phase: "install + warm-up", simulated: 120, wall: run(120) });
  rows.push({ phase: "steady load", simulated: minutes * 60, wall: run(minutes * 60) });
  if (scenario) shop.scenarios.inject(scenario);
  rows.push({ phase: `incident (${scenario ?? "none"})`, simulated: minutes * 60, wall: run(minutes * 60) });
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  shop.stop();
  controllers.stop();

  const pad = (text: string, width: number) => text.padEnd(width);
  console.log(`${pad("phase", 34)}${pad("simulated", 12)}${pad("wall", 10)}speed`);
  for (const row of rows) console.log(`${pad(row.phase, 34)}${pad(`${row.simulated}s`, 12)}${pad(`${row.wall.toFixed(2)}s`, 10)}${(row.simulated / row.wall).toFixed(0)}x`);
  const incident = rows[2]!;
  const speed = incident.simulated / incident.wall;
  const tenMinutes = (600 / speed).toFixed(2);
  console.log("");
  console.log(`pods: ${controllers.kubelet.podCount}, series stored: ${shop.ring.seriesCount}, samples: ${shop.ring.sampleCount}`);
  console.log(`resident memory: ${rssMb.toFixed(0)} MB (heap ${heapMb.toFixed(0)} MB, process start ${(rssBefore / 2 ** 20).toFixed(0)} MB)`);
  console.log(`speed target  >= ${SPEED_TARGET}x: ${speed.toFixed(0)}x (10 simulated minutes in ${tenMinutes}s) ${speed >= SPEED_TARGET ? "MET" : "NOT MET"}`);
  console.log(`memory target < ${MEMORY_TARGET_MB} MB: ${rssMb.toFixed(0)} MB ${rssMb < MEMORY_TARGET_MB ? "MET" : "NOT MET"}`);
  if (speed < SPEED_TARGET || rssMb >= MEMORY_TARGET_MB) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error("bench-sim failed:", error);
  process.exit(1);
});
