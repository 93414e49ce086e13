import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_OPERATOR_TOKEN } from "../playwright.config";
import { E2E_ACCOUNTS, type E2ERole } from "./accounts";

export { E2E_ACCOUNTS, type E2ERole } from "./accounts";

/** Headers for API calls made as automation (the operator token acts as admin). */
export const operatorTokenHeaders = { authorization: `Bearer ${E2E_OPERATOR_TOKEN}` };

/** Creates the role's account through the admin API unless it exists (the admin exists from start-up). */
async function ensureAccount(request: APIRequestContext, role: E2ERole): Promise<void> {
  if (role === "admin") return;
  const account = E2E_ACCOUNTS[role];
  const response = await request.post("/api/admin/users", {
    headers: operatorTokenHeaders,
    data: { name: account.name, email: account.email, role, password: account.password },
  });
  // 409: created by an earlier test in this run.
  expect([201, 409], `creating the ${role} account: ${await response.text()}`).toContain(response.status());
}

/** Signs the browser in through the /login page as the test account with this role, and waits for the dashboard. */
export async function signIn(page: Page, role: E2ERole): Promise<void> {
  await ensureAccount(page.request, role);
  const account = E2E_ACCOUNTS[role];
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}
