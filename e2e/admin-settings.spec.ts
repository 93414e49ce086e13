import { expect, test } from "@playwright/test";
import { E2E_ACCOUNTS, operatorTokenHeaders, signIn } from "./support/auth";

test.describe("admins manage autopilot policies on Settings", () => {
  test("an admin sets autopilot for staging to low, sees it after a reload, and removes it", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/settings");

    const form = page.getByRole("form", { name: "Set an autopilot policy" });
    await form.getByLabel("Namespace").fill("staging");
    await form.getByLabel("Auto-approve").selectOption("low");
    await form.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Autopilot in staging now approves up to low risk." })).toBeVisible();

    const row = page.getByTestId("autopilot-staging");
    await expect(row.getByLabel("Autopilot for staging")).toHaveValue("low");
    await expect(row).toContainText(`set by ${E2E_ACCOUNTS.admin.name}`);

    // Stored on the server, not only in the page's cache.
    await page.reload();
    await expect(page.getByTestId("autopilot-staging").getByLabel("Autopilot for staging")).toHaveValue("low");
    await page.screenshot({ path: "test-results/screenshots/settings-autopilot.png", fullPage: true });

    await page.getByRole("button", { name: "Remove the policy for staging" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Removed the policy for staging" })).toBeVisible();
    await expect(page.getByTestId("autopilot-staging")).toHaveCount(0);

    const listed = await page.request.get("/api/admin/autopilot", { headers: operatorTokenHeaders });
    expect(listed.status()).toBe(200);
    const { items } = (await listed.json()) as { items: { namespace: string }[] };
    expect(items.map((item) => item.namespace)).not.toContain("staging");
  });

  test("a responder sees the policies read-only, without the editor or rotate buttons", async ({ page }) => {
    await signIn(page, "responder");
    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Autopilot" })).toBeVisible();
    await expect(page.getByTestId("autopilot")).toBeVisible();
    await expect(page.getByRole("form", { name: "Set an autopilot policy" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Rotate/ })).toHaveCount(0);
  });
});
