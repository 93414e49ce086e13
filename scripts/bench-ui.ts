/**
 * `npm run bench:ui`: the incident page of a seeded incident (an alert plus 300 timeline events)
 * loaded in Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) against the production
 * build (`next build`, then `next start` on a fresh SQLite file, pipeline and simulator off).
 * Prints the time to usable (navigation start -> timeline rendered), median of 5 loads after a
 * warm-up, and the gzipped size of the JavaScript the page loads: before it is usable, and in all
 * (with the lazily loaded chart module). Targets: < 1.5 s and < 300 KB gzipped.
 * Flags: --port 3211 --loads 5
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { chromium } from "@playwright/test";
import { migrateDatabase } from "../lib/db/migrate";

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
}

const PORT = flag("port", 3211);
const LOADS = flag("loads", 5);
const TOKEN = "bench-ui-token-0123456789abcdef";
const ADMIN = { email: "bench-admin@example.com", password: "bench-admin-password-0123" };
const TARGET_MS = 1500;
const TARGET_KB = 300;
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

async function waitForServer(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
}

/** An incident through the real webhook, then a realistic timeline written straight into its log. */
async function seed(base: string, dbFile: string): Promise<string> {
  const response = await fetch(`${base}/api/webhooks/generic`, {
    method: "POST",
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "HighErrorRatio", severity: "critical", service: "checkout", namespace: "shop", description: "5xx ratio above 5% for 5 minutes" }),
  });
  if (response.status !== 202) throw new Error(`seeding alert answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { alerts: { incidentId: string }[] };
  const incidentId = body.alerts[0]!.incidentId;
  const db = new Database(dbFile);
  const insert = db.prepare(`INSERT INTO "IncidentEvent" ("incidentId", "type", "payload", "createdAt") VALUES (?, ?, ?, ?)`);
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < 300; i++) {
      const call = i % 3 === 0;
      const payload = call
        ? { agent: "diagnosis", callId: `diagnosis-bench-${i}`, tool: "pod_logs", params: { service: "checkout", tail: 50 }, ok: true, output: `line ${i}\n`.repeat(40), durationMs: 12 }
        : { agent: "diagnosis", kind: i % 3 === 1 ? "observation" : "hypothesis", text: `checkout step ${i}: payment answers connection refused on port 8080`, cites: [`diagnosis-bench-${i - 1}`] };
      insert.run(incidentId, call ? "agent.tool_call" : "agent.step", JSON.stringify(payload), now + i);
    }
  })();
  db.close();
  return incidentId;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  if (!existsSync(".next/BUILD_ID")) {
    const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "agentic-sre-bench-ui-"));
  const dbFile = path.join(dataDir, "bench.db");
  const databaseUrl = `file:${dbFile}`;
  await migrateDatabase({ databaseUrl });
  const server = spawn("npx", ["next", "start", "--port", String(PORT)], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      WEBHOOK_TOKEN: TOKEN,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      PIPELINE_ENABLED: "false",
      SIM_ENABLED: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${PORT}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    await waitForServer(`${base}/api/healthz`);
    const incidentId = await seed(base, dbFile);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Signed-in when sign-in exists: a redirect to /login is answered with the first admin.
    await page.goto(`${base}/incidents/${incidentId}`);
    if (new URL(page.url()).pathname.startsWith("/login")) {
      await page.getByRole("textbox", { name: "Email" }).fill(ADMIN.email);
      await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    }

    const timings: number[] = [];
    let usableKb = 0;
    let totalKb = 0;
    for (let load = 0; load <= LOADS; load++) {
      const cold = await context.newPage();
      const scripts: { url: string; gzipped: number; at: number }[] = [];
      cold.on("response", async (response) => {
        if (response.request().resourceType() !== "script") return;
        try {
          const body = await response.body();
          scripts.push({ url: response.url(), gzipped: gzipSync(body).length, at: Date.now() });
        } catch {
          // navigated away
        }
      });
      // Fresh HTTP cache per load: what a first visit downloads.
      const cdp = await context.newCDPSession(cold);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      const started = Date.now();
      await cold.goto(`${base}/incidents/${incidentId}`, { waitUntil: "commit" });
      await cold.getByTestId("event").first().waitFor({ state: "visible", timeout: 30_000 });
      const usableAt = Date.now();
      await cold.waitForLoadState("networkidle");
      await cold.getByRole("heading", { name: "Health" }).waitFor();
      if (load > 0) {
        timings.push(usableAt - started);
        usableKb = scripts.filter((s) => s.at <= usableAt).reduce((sum, s) => sum + s.gzipped, 0) / 1024;
        totalKb = scripts.reduce((sum, s) => sum + s.gzipped, 0) / 1024;
      }
      await cold.close();
    }
    timings.sort((a, b) => a - b);
    const median = timings[Math.floor(timings.length / 2)]!;
    console.log(`bench:ui: incident page with 300 timeline events, ${LOADS} cold loads after a warm-up (production build, Chromium, 1280x900)`);
    console.log(`  time to usable (timeline rendered): median ${median} ms, min ${timings[0]} ms, max ${timings.at(-1)} ms (target < ${TARGET_MS} ms)`);
    console.log(`  JavaScript, gzipped: ${usableKb.toFixed(1)} KB before usable, ${totalKb.toFixed(1)} KB in all with the chart module (target < ${TARGET_KB} KB)`);
    console.log(`  ${median < TARGET_MS && totalKb < TARGET_KB ? "PASS" : "FAIL"}`);
    process.exitCode = median < TARGET_MS && totalKb < TARGET_KB ? 0 : 1;
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
