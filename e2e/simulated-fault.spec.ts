import { resetShopAndSettle } from "./support/shop";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E_OPERATOR_TOKEN, E2E_SIM_URL } from "./playwright.config";
import { operatorTokenHeaders, signIn } from "./support/auth";

interface IncidentSummary {
  id: string;
  service: string | null;
  namespace: string | null;
  state: string;
}

async function shopIncidents(request: APIRequestContext): Promise<IncidentSummary[]> {
  const response = await request.get("/api/incidents?pageSize=100", { headers: operatorTokenHeaders });
  return ((await response.json()) as { items: IncidentSummary[] }).items.filter((i) => i.namespace === "shop");
}

// The whole loop without a real cluster: a fault injected into the demo shop becomes alerts the
// simulator's Alertmanager sends to the app; the pipeline investigates and proposes a fix; an
// operator approves it; TNR executes and validates it; the alerts clear and the incidents resolve.
test("a fault in the simulated shop is investigated, fixed on approval, and resolved", async ({ page, request }) => {
  test.setTimeout(300_000);
  // Other specs use the same simulated shop: start from a healthy one with no incident open.
  await resetShopAndSettle(request);
  // Incidents other specs left behind are not this fault's.
  const before = new Set((await shopIncidents(request)).map((i) => i.id));
  const inject = await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/inject`);
  expect(inject.ok()).toBe(true);

  await signIn(page, "responder");
  await page.goto("/");
  const shopRows = page.getByTestId("incident-row").filter({ hasText: "shop" });
  await expect(shopRows.first()).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: "test-results/screenshots/simulated-fault.png", fullPage: true });

  // The agents detect, diagnose and propose: some incident waits for approval.
  let waiting: IncidentSummary | undefined;
  await expect(async () => {
    waiting = (await shopIncidents(request)).find((i) => i.state === "AWAITING_APPROVAL" && !before.has(i.id));
    expect(waiting).toBeDefined();
  }).toPass({ timeout: 150_000 });
  const events = (await (await request.get(`/api/incidents/${waiting!.id}/events`, { headers: operatorTokenHeaders })).json()) as { items: { type: string; payload: Record<string, unknown> }[] };
  const proposal = events.items.filter((e) => e.type === "mitigation.proposed").at(-1)!;
  const diagnosis = events.items.filter((e) => e.type === "agent.diagnosis").at(-1)!;
  expect(JSON.stringify(diagnosis.payload)).toContain("payment");

  const approval = await request.post(`/api/incidents/${waiting!.id}/approval`, {
    headers: { authorization: `Bearer ${E2E_OPERATOR_TOKEN}` },
    data: { decision: "approve", transactionId: proposal.payload.transactionId },
  });
  expect(approval.status()).toBe(200);

  // TNR commits, the alerts clear, and every shop incident this fault opened ends resolved.
  await expect(async () => {
    const states = (await shopIncidents(request)).filter((i) => !before.has(i.id)).map((i) => i.state);
    expect(states.filter((s) => !["RESOLVED", "CLOSED_AS_NOISE"].includes(s))).toEqual([]);
  }).toPass({ timeout: 120_000 });
  const after = (await (await request.get(`/api/incidents/${waiting!.id}/events`, { headers: operatorTokenHeaders })).json()) as { items: { type: string }[] };
  expect(after.items.map((e) => e.type)).toEqual(expect.arrayContaining(["approval.granted", "execution.completed", "validation.committed"]));
  await page.reload();
  await expect(shopRows.getByTestId("state").filter({ hasText: "RESOLVED" }).first()).toBeVisible();
});
