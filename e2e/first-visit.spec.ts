import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";

const ARTIFACTS = "test-results/screenshots";

// Runs before every other spec (its own Playwright project), while the database is still empty:
// the simulated shop starts sending alerts of its own soon after.
test("an empty dashboard teaches how to send an alert", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/");
  const empty = page.getByTestId("empty-state");
  await expect(empty).toBeVisible();
  await expect(empty).toContainText("curl -X POST");
  await expect(empty).toContainText("/api/webhooks/generic");
  await page.screenshot({ path: `${ARTIFACTS}/empty-dashboard.png`, fullPage: true });
});
