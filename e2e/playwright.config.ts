import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_ACCOUNTS } from "./support/accounts";

/** A fresh data directory per run: the app starts on an empty SQLite file. */
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "agentic-sre-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
const port = Number(process.env.E2E_PORT ?? 3107);
export const E2E_WEBHOOK_TOKEN = "e2e-webhook-token-0123456789";
export const E2E_OPERATOR_TOKEN = "e2e-operator-token-0123456789";
/** The simulated cluster's API server, which also serves the demo shop's control API. */
export const E2E_SIM_URL = `http://127.0.0.1:${port + 4400}`;

// Debian's Chromium (ENVIRONMENT.md); Playwright's own browser download is not possible here.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  throw new Error(`Chromium not found at ${chromiumPath}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
}

export default defineConfig({
  testDir: ".",
  outputDir: "../test-results",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  // The first visit sees an empty database; every other spec runs after it.
  projects: [
    { name: "first-visit", testMatch: /first-visit\.spec\.ts/ },
    { name: "flows", testIgnore: /first-visit\.spec\.ts/, dependencies: ["first-visit"] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    // The production build, started the way `npm start` starts it (build if stale, migrate, serve).
    command: "npx tsx scripts/start.ts",
    cwd: "..",
    url: `http://127.0.0.1:${port}/api/healthz`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATA_DIR: dataDir,
      PORT: String(port),
      WEBHOOK_TOKEN: E2E_WEBHOOK_TOKEN,
      OPERATOR_TOKEN: E2E_OPERATOR_TOKEN,
      // The first admin (the other test accounts are created through the admin API by e2e/support/auth.ts).
      ADMIN_EMAIL: E2E_ACCOUNTS.admin.email,
      ADMIN_PASSWORD: E2E_ACCOUNTS.admin.password,
      // The address the browser uses: the origin cookie-authenticated changes must come from.
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // Its own simulator port, so a developer's running `npm start` does not collide.
      SIM_PORT: String(port + 4400),
      // Accelerated simulated clock: a fault's alerts (group_wait 30 s, for 1 m) arrive in seconds.
      SIM_SPEED: "20",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
