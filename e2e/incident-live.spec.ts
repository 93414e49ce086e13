import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_SIM_URL } from "./playwright.config";
import { operatorTokenHeaders, signIn } from "./support/auth";
import { resetShopAndSettle } from "./support/shop";

const ARTIFACTS = "test-results/screenshots";

interface IncidentSummary {
  id: string;
  namespace: string | null;
  service: string | null;
  state: string;
  title: string;
}

async function shopIncidents(request: APIRequestContext): Promise<IncidentSummary[]> {
  const response = await request.get("/api/incidents?pageSize=100&status=all");
  return ((await response.json()) as { items: IncidentSummary[] }).items.filter((i) => i.namespace === "shop");
}

async function storedEventIds(request: APIRequestContext, id: string): Promise<number[]> {
  const response = await request.get(`/api/incidents/${id}/events?limit=1000`, { headers: operatorTokenHeaders });
  return ((await response.json()) as { items: { id: number }[] }).items.map((e) => e.id);
}

/** Event ids as the timeline renders them, in order. */
async function renderedEventIds(page: Page): Promise<number[]> {
  return page.getByTestId("event").evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.eventId)));
}

/** Waits for an incident of the shop in `state` and returns it. */
async function waitForState(request: APIRequestContext, states: string[], timeout = 120_000): Promise<IncidentSummary> {
  let found: IncidentSummary | undefined;
  await expect(async () => {
    found = (await shopIncidents(request)).find((i) => states.includes(i.state));
    expect(found, `a shop incident in ${states.join("/")}`).toBeDefined();
  }).toPass({ timeout, intervals: [500] });
  return found!;
}

async function resetShop(request: APIRequestContext) {
  await resetShopAndSettle(request);
}

// Every EventSource the page opens is kept on window, so a test can cut the live stream the way a
// dropped connection would (the page must then resume from where it stopped).
const TRACK_EVENT_SOURCES = () => {
  const Original = window.EventSource;
  const sources: EventSource[] = [];
  (window as unknown as { __eventSources: EventSource[] }).__eventSources = sources;
  window.EventSource = class extends Original {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      sources.push(this);
    }
  } as typeof EventSource;
};

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(TRACK_EVENT_SOURCES);
  await signIn(page, "responder");
});

test("a fault appears live, the timeline streams, approval in the UI commits, scores show, resolved", async ({ page, request }) => {
  test.setTimeout(300_000);
  await resetShop(request);
  await page.goto("/");
  await expect(page.getByTestId("list-stream-status")).toContainText("live");

  expect((await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/scale-to-zero/inject`)).ok()).toBe(true);
  // No reload: the list stream brings the incident in.
  const shopRow = page.getByTestId("incident-row").filter({ hasText: "shop" }).first();
  await expect(shopRow).toBeVisible({ timeout: 90_000 });
  await page.screenshot({ path: `${ARTIFACTS}/live-list.png`, fullPage: true });

  const incident = await waitForState(page.request, ["DIAGNOSING", "PROPOSED", "AWAITING_APPROVAL"]);
  await page.goto(`/incidents/${incident.id}`);
  await expect(page.getByTestId("stream-status")).toContainText("live");
  const waitingCard = page.getByTestId("mitigation-card").filter({ hasText: "waiting for approval" }).first();
  await expect(waitingCard).toBeVisible({ timeout: 120_000 });
  // Pinned by its transaction: the card's text changes as it moves on.
  const card = page.locator(`[data-transaction-id="${await waitingCard.getAttribute("data-transaction-id")}"]`);
  await expect(card).toContainText("kubectl");
  await expect(page.getByTestId("diagnosis")).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/incident-awaiting-approval.png`, fullPage: true });

  // From here on the timeline grows as the pipeline writes (approval, execution, validation), without reloading.
  const firstCount = await page.getByTestId("event").count();
  await card.getByRole("button", { name: "Approve and execute" }).click();
  await expect(card.getByTestId("decision")).toContainText("Approved by", { timeout: 30_000 });
  await expect(async () => expect(await page.getByTestId("event").count()).toBeGreaterThan(firstCount + 2)).toPass({ timeout: 90_000 });
  await expect(card.getByTestId("tnr-scores")).toBeVisible({ timeout: 120_000 });
  await expect(card.getByTestId("verdict")).toContainText("Committed", { timeout: 120_000 });
  await expect(page.getByTestId("state").first()).toHaveText(/RESOLVED|MITIGATED/, { timeout: 120_000 });
  await expect(page.getByTestId("figure-mtta")).not.toContainText("not yet");
  await expect(page.getByTestId("health-panel")).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/incident-committed.png`, fullPage: true });

  // Nothing rendered twice, nothing missing (the pipeline may still be writing: poll until equal).
  await expect(async () => {
    const rendered = await renderedEventIds(page);
    expect(new Set(rendered).size).toBe(rendered.length);
    expect(rendered).toEqual(await storedEventIds(page.request, incident.id));
  }).toPass({ timeout: 15_000 });
});

test("a rejection with a reason is recorded with who rejected, and the agents try again", async ({ page, request }) => {
  test.setTimeout(300_000);
  await resetShop(request);
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/service-wrong-target-port/inject`)).ok()).toBe(true);
  const incident = await waitForState(page.request, ["AWAITING_APPROVAL"], 180_000);
  await page.goto(`/incidents/${incident.id}`);
  const card = page.getByTestId("mitigation-card").filter({ hasText: "waiting for approval" }).first();
  await expect(card).toBeVisible();
  await card.getByRole("button", { name: "Reject…" }).click();
  await card.getByLabel("Why reject?").fill("not during the sale; try a smaller change");
  await card.getByRole("button", { name: "Reject with this reason" }).click();
  const rejected = page.getByTestId("mitigation-card").filter({ hasText: "rejected" }).first();
  await expect(rejected.getByTestId("decision")).toContainText("Rejected by");
  await expect(rejected.getByTestId("decision")).toContainText("not during the sale");
  await expect(page.getByTestId("event").filter({ hasText: "approval.rejected" })).toHaveCount(1);
  await page.screenshot({ path: `${ARTIFACTS}/incident-rejected.png`, fullPage: true });
  await resetShop(request);
});

test("a stream cut mid-incident resumes with no gap and no duplicate, and a banner says so meanwhile", async ({ page, request }) => {
  test.setTimeout(240_000);
  await resetShop(request);
  expect((await request.post(`${E2E_SIM_URL}/sim/v1/scenarios/bad-image-tag/inject`)).ok()).toBe(true);
  const incident = await waitForState(page.request, ["AWAITING_APPROVAL"], 180_000);
  await page.goto(`/incidents/${incident.id}`);
  await expect(page.getByTestId("stream-status")).toContainText("live");

  // Cut the live stream and keep the browser offline while the pipeline writes (an approval sent
  // over the API by automation sets the transaction going).
  await page.context().setOffline(true);
  await page.evaluate(() => {
    for (const source of (window as unknown as { __eventSources: EventSource[] }).__eventSources) {
      source.close();
      source.dispatchEvent(new Event("error"));
    }
  });
  await expect(page.getByTestId("stream-banner")).toBeVisible();
  await page.screenshot({ path: `${ARTIFACTS}/incident-stream-down.png`, fullPage: true });
  const before = await storedEventIds(request, incident.id);
  const events = (await (await request.get(`/api/incidents/${incident.id}/events?limit=1000`, { headers: operatorTokenHeaders })).json()) as { items: { type: string; payload: { transactionId?: string } }[] };
  const transactionId = events.items.filter((e) => e.type === "mitigation.proposed").at(-1)?.payload.transactionId;
  const approved = await request.post(`/api/incidents/${incident.id}/approval`, { headers: operatorTokenHeaders, data: { decision: "approve", transactionId } });
  expect(approved.status()).toBe(200);
  await expect(async () => expect((await storedEventIds(request, incident.id)).length).toBeGreaterThan(before.length + 2)).toPass({ timeout: 90_000 });

  await page.context().setOffline(false);
  await expect(page.getByTestId("stream-banner")).toBeHidden({ timeout: 30_000 });
  await expect(async () => {
    const stored = await storedEventIds(request, incident.id);
    const rendered = await renderedEventIds(page);
    expect(new Set(rendered).size).toBe(rendered.length);
    expect(rendered).toEqual(stored);
  }).toPass({ timeout: 30_000 });
  await resetShop(request);
});
