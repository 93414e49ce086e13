import { resetShopAndSettle } from "./support/shop";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn } from "./support/auth";
import { E2E_OPERATOR_TOKEN, E2E_SIM_URL } from "./playwright.config";

interface IncidentSummary {
  id: string;
  namespace: string | null;
  state: string;
}

async function shopIncidents(request: APIRequestContext): Promise<IncidentSummary[]> {
  const response = await request.get("/api/incidents?pageSize=100");
  return ((await response.json()) as { items: IncidentSummary[] }).items.filter((i) => i.namespace === "shop");
}

// From a fault to a reviewed postmortem: the simulated shop breaks, the agents propose a fix, it is
// approved and verified, the incident resolves, and its drafted postmortem is edited in the browser,
// marked reviewed, and both survive a reload.
test("a resolved incident's postmortem is edited, marked reviewed, and still there after reload", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "responder");
  const request = page.request;

  // Other specs use the same simulated shop: start from a healthy one with no incident open.
  await resetShopAndSettle(request);
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/inject`)).ok()).toBe(true);
  let waiting: IncidentSummary | undefined;
  await expect(async () => {
    waiting = (await shopIncidents(request)).find((i) => i.state === "AWAITING_APPROVAL");
    expect(waiting).toBeDefined();
  }).toPass({ timeout: 120_000 });
  const events = (await (await request.get(`/api/incidents/${waiting!.id}/events`)).json()) as { items: { type: string; payload: Record<string, unknown> }[] };
  const proposal = events.items.filter((e) => e.type === "mitigation.proposed").at(-1)!;
  const approval = await request.post(`/api/incidents/${waiting!.id}/approval`, {
    headers: { authorization: `Bearer ${E2E_OPERATOR_TOKEN}` },
    data: { decision: "approve", transactionId: proposal.payload.transactionId },
  });
  expect(approval.status()).toBe(200);
  await expect(async () => {
    const incident = (await shopIncidents(request)).find((i) => i.id === waiting!.id);
    expect(incident?.state).toBe("RESOLVED");
  }).toPass({ timeout: 120_000 });

  // The pipeline drafts it on resolution; asking again is idempotent (201 the first time, 200 after).
  const drafted = await request.post(`/api/incidents/${waiting!.id}/postmortem`, { headers: { authorization: `Bearer ${E2E_OPERATOR_TOKEN}` }, data: {} });
  expect([200, 201]).toContain(drafted.status());
  const { postmortem } = (await drafted.json()) as { postmortem: { id: string; markdown: string } };
  expect(postmortem.markdown).toContain("## Mitigation attempts and approvals");

  await page.goto("/postmortems");
  const row = page.getByTestId("postmortem-row").filter({ has: page.locator(`a[href="/postmortems/${postmortem.id}"]`) });
  await expect(row.getByTestId("postmortem-status")).toHaveText(/draft/);
  await page.screenshot({ path: "test-results/screenshots/postmortems.png", fullPage: true });
  await row.getByRole("link").click();

  const editor = page.getByLabel("Markdown");
  await expect(editor).toHaveValue(/# Postmortem:/);
  await expect(page.getByTestId("postmortem-preview").getByRole("heading", { name: "Root cause" })).toBeVisible();
  await editor.press("End");
  await editor.fill(`${await editor.inputValue()}\n## Notes from the review\n\nCapacity alerts for payment are too slow.\n`);
  await expect(page.getByTestId("postmortem-preview").getByRole("heading", { name: "Notes from the review" })).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByTestId("postmortem-status")).toHaveText(/reviewed/);
  await expect(page.getByTestId("postmortem-reviewed")).toHaveText(/Reviewed by /);
  await page.screenshot({ path: "test-results/screenshots/postmortem-reviewed.png", fullPage: true });

  await page.reload();
  await expect(page.getByLabel("Markdown")).toHaveValue(/Capacity alerts for payment are too slow\./);
  await expect(page.getByTestId("postmortem-status")).toHaveText(/reviewed/);
  await expect(page.getByTestId("postmortem-reviewed")).toHaveText(/Reviewed by /);
  await expect(page.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);
});
