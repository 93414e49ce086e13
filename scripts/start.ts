/**
 * `npm start`: the whole app on its embedded defaults, from a fresh checkout.
 * 1. generate the Prisma clients if missing; 2. build the production bundle if missing or older
 * than the sources; 3. apply migrations; 4. start the simulated cluster (unless a real cluster is
 * configured) and wait for its kubeconfig; 5. run `next start`. Signals reach both children and
 * either one exiting stops the other.
 * Flags: --rebuild forces a build.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { getEnv } from "../lib/env";
import { migrateDatabase } from "../lib/db/migrate";

const SOURCE_DIRS = ["app", "components", "lib", "prisma", "public"];
const SOURCE_FILES = ["next.config.ts", "package.json", "package-lock.json", "instrumentation.ts", "proxy.ts", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated", ".postgresql"]);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (SKIP.has(child) || child.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
  const env = getEnv(); // invalid settings stop here, with the variable named
  if (!existsSync("lib/db/generated/sqlite/client.ts") || !existsSync("lib/db/generated/postgresql/client.ts")) {
    run("npx", ["tsx", "scripts/db-generate.ts"]);
  }
  const buildId = ".next/BUILD_ID";
  const stale = !existsSync(buildId) || Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map(newestMtime)) > statSync(buildId).mtimeMs;
  if (process.argv.includes("--rebuild") || stale) {
    console.log("building the production bundle (first start or sources changed)…");
    run("npx", ["next", "build"]);
  }
  const applied = await migrateDatabase({ databaseUrl: env.databaseUrl, busyTimeoutMs: env.sqliteBusyTimeoutMs });
  console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", event: "db.migrated", applied }));

  // Children stay in this process group (Ctrl-C and a supervisor's group kill reach them) and are
  // started without npx, whose extra layer would not pass a signal on.
  const children: ChildProcess[] = [];
  const stopAll = (signal: NodeJS.Signals) => children.forEach((child) => child.exitCode === null && child.kill(signal));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(signal));

  if (env.simulator.enabled) {
    // A stale kubeconfig from an earlier run must not look like a ready simulator.
    rmSync(env.simulator.kubeconfigPath, { force: true });
    // react-server: the simulator reads the app's webhook token through a server-only module.
    const sim = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/sim.ts",
        "--port",
        String(env.simulator.port),
        "--seed",
        String(env.simulator.seed),
        "--speed",
        String(env.simulator.speed),
        "--kubeconfig",
        env.simulator.kubeconfigPath,
      ],
      { stdio: "inherit" },
    );
    children.push(sim);
    sim.on("exit", (code) => {
      console.error(`simulated cluster exited (${code}); stopping`);
      stopAll("SIGTERM");
      process.exitCode = code || 1;
    });
    await waitFor(() => existsSync(env.simulator.kubeconfigPath), 60_000, "the simulated cluster to write its kubeconfig");
  }

  const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "--port", String(env.port)], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  children.push(server);
  server.on("exit", (code) => {
    stopAll("SIGTERM");
    process.exitCode = code ?? 0;
  });
}

async function waitFor(ready: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
