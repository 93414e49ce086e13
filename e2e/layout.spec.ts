import { expect, test } from "@playwright/test";
import { E2E_WEBHOOK_TOKEN } from "./playwright.config";
import { signIn } from "./support/auth";

const ARTIFACTS = "test-results/screenshots";

/** What sticks out past the viewport's right edge (empty: no sideways scrolling to read or act). */
async function overflowing(page: import("@playwright/test").Page): Promise<string[]> {
  return page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth + 1
      ? []
      : [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 10)
          .map((e) => `${e.tagName.toLowerCase()}${e.getAttribute("data-testid") ? `[${e.getAttribute("data-testid")}]` : ""}.${String(e.className).slice(0, 40)} right=${Math.round(e.getBoundingClientRect().right)}`),
  );
}

test.describe("layout", () => {
  test("at phone width the list and an incident page are readable without sideways scrolling", async ({ page }) => {
    const sent = await page.request.post("/api/webhooks/generic", {
      headers: { authorization: `Bearer ${E2E_WEBHOOK_TOKEN}` },
      data: { name: "HighErrorRatio", severity: "critical", service: "billing-api-gateway", namespace: "payments-production", description: "5xx ratio above 5% for 5 minutes on a service with a long name" },
    });
    expect(sent.status()).toBe(202);
    const { incidentIds } = (await sent.json()) as { incidentIds: string[] };
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, "responder");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
    await expect.poll(() => overflowing(page), { message: "the list fits 390 px", timeout: 10_000 }).toEqual([]);
    await page.goto(`/incidents/${incidentIds[0]}`);
    await expect(page.getByTestId("incident-title")).toBeVisible();
    await expect(page.getByTestId("event").first()).toBeVisible();
    // Once its panels have loaded (topology, health, similar incidents arrive after the timeline).
    await expect.poll(() => overflowing(page), { message: "the incident page fits 390 px", timeout: 10_000 }).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/phone-width.png`, fullPage: true });
  });

  test("follows the system's dark preference", async ({ page }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await signIn(page, "viewer");
    await page.goto("/");
    const [r, g, b] = await page.evaluate(() => (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number));
    expect((r! + g! + b!) / 3, "a dark background").toBeLessThan(80);
    await page.emulateMedia({ colorScheme: "light" });
    const light = await page.evaluate(() => (getComputedStyle(document.body).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number));
    expect((light[0]! + light[1]! + light[2]!) / 3, "a light background").toBeGreaterThan(180);
    await page.screenshot({ path: `${ARTIFACTS}/light.png` });
  });
});
