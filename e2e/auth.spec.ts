import { expect, test } from "@playwright/test";
import { E2E_ACCOUNTS, signIn } from "./support/auth";

const ARTIFACTS = "test-results/screenshots";

test.describe("operators sign in", () => {
  test("a signed-out visitor is sent to /login, told a wrong password in words, and brought back after signing in", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings$/);
    await page.screenshot({ path: `${ARTIFACTS}/login.png`, fullPage: true });

    await page.getByLabel("Email", { exact: true }).fill(E2E_ACCOUNTS.admin.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");

    await page.getByLabel("Password", { exact: true }).fill(E2E_ACCOUNTS.admin.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  });

  test("a viewer sees incidents but the server refuses a viewer's approval and user creation (403)", async ({ page }) => {
    await signIn(page, "viewer");
    await page.goto("/");
    await expect(page).toHaveURL(/\/$/);
    // The browser's own fetch, with its session cookie and same-origin headers, as the UI would send it.
    const statuses = await page.evaluate(async () => {
      const post = (path: string, body: unknown) =>
        fetch(path, { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
          async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code?: string; message?: string } } }),
        );
      return {
        approval: await post("/api/incidents/some-incident/approval", { decision: "approve", transactionId: "tx" }),
        createUser: await post("/api/admin/users", { name: "Eve", email: "eve@example.com", role: "admin", password: "eve-password-0123" }),
      };
    });
    expect(statuses.createUser).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(statuses.approval).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(statuses.approval.body.error?.message).toContain("responder");
  });

  test("a responder is told that only admins manage users", async ({ page }) => {
    await signIn(page, "responder");
    await page.goto("/admin/users");
    await expect(page.getByTestId("forbidden")).toContainText("Only admins manage operator accounts");
  });

  test("an admin creates an operator, who can then sign in with that role", async ({ page, context }) => {
    await signIn(page, "admin");
    await page.goto("/admin/users");
    const form = page.getByRole("form", { name: "Create an operator" });
    await form.getByLabel("Name").fill("Nina Newhire");
    await form.getByLabel("Email").fill("nina@example.com");
    await form.getByLabel("Role").selectOption("responder");
    await form.getByLabel("Initial password").fill("nina-initial-password");
    await form.getByRole("button", { name: "Create operator" }).click();
    const row = page.getByTestId("operator-nina@example.com");
    await expect(row).toContainText("Nina Newhire");
    await expect(row.getByLabel("Role of Nina Newhire")).toHaveValue("responder");
    await page.screenshot({ path: `${ARTIFACTS}/admin-users.png`, fullPage: true });

    await context.clearCookies();
    await page.goto("/login");
    await page.getByLabel("Email", { exact: true }).fill("nina@example.com");
    await page.getByLabel("Password", { exact: true }).fill("nina-initial-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    const session = await page.evaluate(() => fetch("/api/auth/get-session", { credentials: "same-origin" }).then((response) => response.json()));
    expect(session).toMatchObject({ user: { email: "nina@example.com", name: "Nina Newhire", role: "responder" } });
  });
});
