import { expect, test } from "@playwright/test";
import { E2E_WEBHOOK_TOKEN } from "./playwright.config";
import { signIn } from "./support/auth";

const ARTIFACTS = "test-results/screenshots";

test.describe("incident list", () => {
  test("an Alertmanager webhook appears as an incident, and its page shows the alerts and the event log", async ({ page, request }) => {
    await signIn(page, "viewer");
    await page.goto("/");
    await expect(page.getByTestId("list-stream-status")).toContainText("live");

    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const response = await request.post("/api/webhooks/alertmanager", {
      headers: { authorization: `Bearer ${E2E_WEBHOOK_TOKEN}` },
      data: {
        version: "4",
        groupKey: '{}:{alertname="HighErrorRatio"}',
        truncatedAlerts: 0,
        status: "firing",
        receiver: "agentic-sre",
        groupLabels: { alertname: "HighErrorRatio" },
        commonLabels: { alertname: "HighErrorRatio", namespace: "web", service: "billing", severity: "critical" },
        commonAnnotations: {},
        externalURL: "http://alertmanager:9093",
        alerts: [
          {
            status: "firing",
            labels: { alertname: "HighErrorRatio", namespace: "web", service: "billing", severity: "critical" },
            annotations: { summary: "billing 5xx ratio is 12% (SLO 1%)", description: "Errors started after the last rollout." },
            startsAt,
            endsAt: "0001-01-01T00:00:00Z",
            generatorURL: "http://prometheus:9090/graph",
            fingerprint: "e2e0000000000001",
          },
        ],
      },
    });
    expect(response.status()).toBe(202);

    // The list refreshes on its own: no reload.
    const row = page.getByTestId("incident-row").filter({ hasText: "billing 5xx ratio is 12% (SLO 1%)" });
    await expect(row).toBeVisible();
    await expect(row.getByTestId("severity")).toHaveText(/critical/);
    // The pipeline worker picks new incidents up at once: the state is the lifecycle's.
    await expect(row.getByTestId("state")).toHaveText(/DETECTING|DIAGNOSING|CLOSED_AS_NOISE|ESCALATED/);
    await expect(row).toContainText("billing");
    await page.screenshot({ path: `${ARTIFACTS}/incident-list.png`, fullPage: true });

    await row.getByRole("link").click();
    await expect(page.getByTestId("incident-title")).toHaveText("billing 5xx ratio is 12% (SLO 1%)");
    await expect(page.getByTestId("alert-row")).toHaveCount(1);
    await expect(page.getByTestId("alert-row")).toContainText("Errors started after the last rollout.");
    await expect(page.getByTestId("event").first()).toContainText("incident.opened");
    await page.screenshot({ path: `${ARTIFACTS}/incident-page.png`, fullPage: true });
  });

  test("settings show every webhook URL with a masked token", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/settings");
    const table = page.getByTestId("webhook-table");
    for (const source of ["alertmanager", "grafana", "pagerduty", "datadog", "generic"]) {
      await expect(table).toContainText(`/api/webhooks/${source}`);
    }
    await expect(table).not.toContainText(E2E_WEBHOOK_TOKEN);
    await expect(table).toContainText("set by environment");
  });

  test("settings show the built-in simulated cluster, reachable through its kubeconfig", async ({ page }) => {
    await signIn(page, "admin");
    await page.goto("/settings");
    const cluster = page.getByTestId("cluster-status");
    await expect(cluster).toContainText("built-in simulated cluster");
    await expect(cluster).toContainText("agentic-sre-sim");
    await expect(cluster).toContainText(/reachable, v1\.\d+/);
    await page.screenshot({ path: "test-results/screenshots/settings.png", fullPage: true });
  });
});
