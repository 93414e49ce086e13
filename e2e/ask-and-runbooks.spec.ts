import { expect, test } from "@playwright/test";
import { signIn } from "./support/auth";
import { E2E_WEBHOOK_TOKEN } from "./playwright.config";

const ARTIFACTS = "test-results/screenshots";

// A responder writes a runbook in the browser, finds it again by searching for a phrase of one of
// its sections, and opens that section from the result.
test("a runbook is created in the UI, found by search and opened at its section", async ({ page }) => {
  await signIn(page, "responder");
  const marker = `zebra${Date.now().toString(36)}`;
  const title = `Ledger sync stalls ${marker}`;

  await page.goto("/runbooks");
  await page.getByRole("button", { name: "New runbook" }).click();
  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Markdown", { exact: true }).fill(`# ${title}\n\n## Symptoms\n\nThe ledger worker logs "${marker} checkpoint lag".\n\n## Fix\n\nRestart the ledger deployment.\n`);
  await page.getByRole("button", { name: "Create runbook" }).click();

  await page.waitForURL(/\/runbooks\/ledger-sync-stalls-/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId("runbook-markdown").getByRole("heading", { name: "Symptoms" })).toHaveAttribute("id", "symptoms");
  await expect(page.getByRole("button", { name: "Edit" })).toBeVisible();

  await page.goto("/runbooks");
  await page.getByLabel("Search runbooks").fill(`${marker} checkpoint lag`);
  const results = page.getByTestId("runbook-search-results");
  const hit = results.getByRole("link").first();
  await expect(hit).toContainText("Symptoms");
  await page.screenshot({ path: `${ARTIFACTS}/runbook-search.png`, fullPage: true });
  await hit.click();
  await page.waitForURL(/#symptoms$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
});

// An operator asks an incident a question from its page and gets an answer built from the tools.
test("a question asked on an incident page is answered from the tools", async ({ page }) => {
  await signIn(page, "responder");
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const delivered = await page.request.post("/api/webhooks/alertmanager", {
    headers: { authorization: `Bearer ${E2E_WEBHOOK_TOKEN}` },
    data: {
      version: "4",
      groupKey: '{}:{alertname="HighLatencyP99"}',
      truncatedAlerts: 0,
      status: "firing",
      receiver: "agentic-sre",
      groupLabels: { alertname: "HighLatencyP99" },
      commonLabels: { alertname: "HighLatencyP99", namespace: "shop", service: "cart", severity: "warning" },
      commonAnnotations: {},
      externalURL: "http://alertmanager:9093",
      alerts: [
        {
          status: "firing",
          labels: { alertname: "HighLatencyP99", namespace: "shop", service: "cart", severity: "warning" },
          annotations: { summary: "cart p99 latency above its SLO" },
          startsAt,
          endsAt: "0001-01-01T00:00:00Z",
          generatorURL: "http://prometheus:9090/graph",
          fingerprint: `e2e-ask-${Date.now()}`,
        },
      ],
    },
  });
  expect(delivered.status()).toBe(202);
  const { incidentIds } = (await delivered.json()) as { incidentIds: string[] };
  expect(incidentIds.length).toBeGreaterThan(0);

  await page.goto(`/incidents/${incidentIds[0]}`);
  const box = page.getByTestId("ask-box");
  await box.getByLabel("Question or request").fill("who calls cart?");
  await box.getByRole("button", { name: "Ask" }).click();
  const answer = box.getByTestId("ask-answer").first();
  await expect(answer).toContainText("Callers of cart");
  await answer.getByText(/tool call/).click();
  await expect(answer).toContainText("query_graph");
  await page.screenshot({ path: `${ARTIFACTS}/ask-the-incident.png`, fullPage: true });

  // The question and its answer are on the incident's timeline too.
  const events = (await (await page.request.get(`/api/incidents/${incidentIds[0]}/events`)).json()) as { items: { type: string }[] };
  expect(events.items.map((e) => e.type)).toEqual(expect.arrayContaining(["ask.question", "ask.answer"]));
});
