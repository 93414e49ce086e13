import { expect, test } from "@playwright/test";
import { E2E_SIM_URL } from "./playwright.config";

// The whole loop without a real cluster: a fault injected into the demo shop becomes alerts the
// simulator's Alertmanager sends to the app, which open incidents; the fix clears them.
test("a fault injected into the simulated shop opens an incident, and its fix resolves it", async ({ page, request }) => {
  test.setTimeout(120_000);
  const scenarios = await request.get(`${E2E_SIM_URL}/sim/v1/scenarios`);
  expect(scenarios.ok()).toBe(true);

  const inject = await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/inject`);
  expect(inject.ok()).toBe(true);

  await page.goto("/");
  // Incidents of the shop (other specs leave incidents of their own in other namespaces).
  const shopRows = page.getByTestId("incident-row").filter({ hasText: "shop" });
  const row = shopRows.filter({ hasText: "checkout" }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect(row.getByTestId("state")).toHaveText(/TRIGGERED/);
  await page.screenshot({ path: "test-results/screenshots/simulated-fault.png", fullPage: true });

  const fix = await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/fix`);
  expect(fix.ok()).toBe(true);
  await expect(shopRows.getByTestId("state").filter({ hasText: "TRIGGERED" })).toHaveCount(0, { timeout: 90_000 });
  await expect(shopRows.getByTestId("state").filter({ hasText: "RESOLVED" }).first()).toBeVisible();
});
