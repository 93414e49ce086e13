import { resetShopAndSettle } from "./support/shop";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_SIM_URL } from "./playwright.config";
import { operatorTokenHeaders, signIn } from "./support/auth";

const ARTIFACTS = "test-results/screenshots";

async function shopIncidentIn(request: APIRequestContext, states: string[]): Promise<{ id: string; state: string } | undefined> {
  const response = await request.get("/api/incidents?pageSize=100&status=all", { headers: operatorTokenHeaders });
  const items = ((await response.json()) as { items: { id: string; namespace: string | null; state: string }[] }).items;
  return items.find((i) => i.namespace === "shop" && states.includes(i.state));
}

// One incident, the operator's hand on every control: a harmful request of their own is rolled
// back by TNR with both scores shown; the agents' fix is then approved, committed, and an undo of
// it is refused by TNR (undoing would break payment again), so the fix is re-applied.
test("a harmful operator request is rolled back by TNR with both scores, and an undo that would hurt is refused", async ({ page, request }) => {
  test.setTimeout(420_000);
  await resetShopAndSettle(request);
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/inject`)).ok()).toBe(true);
  let incident: { id: string } | undefined;
  await expect(async () => {
    incident = await shopIncidentIn(request, ["AWAITING_APPROVAL"]);
    expect(incident, "a shop incident waiting for approval").toBeDefined();
  }).toPass({ timeout: 180_000, intervals: [1_000] });

  await signIn(page, "responder");
  await page.goto(`/incidents/${incident!.id}`);
  await expect(page.getByTestId("stream-status")).toContainText("live");

  // The operator asks for something harmful: it becomes a proposal like any other.
  const box = page.getByTestId("ask-box");
  await box.getByLabel("Question or request").fill("scale cart to 0");
  await box.getByRole("button", { name: "Ask" }).click();
  await expect(box.getByTestId("ask-answer").first()).toContainText(/approv/i);
  const asked = page.getByTestId("mitigation-card").filter({ hasText: "asked for by" }).first();
  await expect(asked).toContainText("waiting for approval");
  const harmful = page.locator(`[data-transaction-id="${await asked.getAttribute("data-transaction-id")}"]`);
  await harmful.getByRole("button", { name: "Approve and execute" }).click();

  // TNR sees cart collapse and undoes the change: rolled back, with H before and after.
  await expect(harmful.getByTestId("transaction-status")).toContainText("rolled back", { timeout: 120_000 });
  await expect(harmful.getByTestId("verdict")).toContainText(/target H [\d.]+ → [\d.]+/);
  await expect(harmful.getByTestId("tnr-scores")).toBeVisible();
  await expect(page.getByTestId("event").filter({ hasText: "ROLLED_BACK" }).first()).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/incident-rolled-back.png`, fullPage: true });

  // The agents go round again and propose their fix; approved, it commits.
  const proposed = page.getByTestId("mitigation-card").filter({ hasText: "waiting for approval" }).filter({ hasNotText: "asked for by" }).first();
  await expect(proposed).toBeVisible({ timeout: 120_000 });
  // Pinned by its transaction: the card's text changes as it moves on.
  const fix = page.locator(`[data-transaction-id="${await proposed.getAttribute("data-transaction-id")}"]`);
  await fix.getByRole("button", { name: "Approve and execute" }).click();
  await expect(fix.getByTestId("verdict")).toContainText("Committed", { timeout: 120_000 });

  // Undoing it would bring the outage back: TNR refuses the undo and re-applies the fix.
  await fix.getByRole("button", { name: "Undo this mitigation…" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("restores every object");
  await dialog.getByLabel("Reason (recorded on the timeline)").fill("checking whether the scale-up was needed");
  await dialog.getByRole("button", { name: "Undo and restore" }).click();
  await expect(fix).toContainText("Undo requested by", { timeout: 30_000 });
  await expect(page.getByTestId("event").filter({ hasText: "Undo refused and re-applied" }).first()).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: `${ARTIFACTS}/incident-undo-refused.png`, fullPage: true });
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/reset`)).ok()).toBe(true);
});
