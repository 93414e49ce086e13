import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClock } from "../clock";
import { startWebhookReceiver, TEST_WEBHOOK_TOKEN, type WebhookReceiver } from "../scenarios/testing/shop-harness";
import { Alertmanager } from "./alertmanager";
import { formatLabelSet, labelsFingerprint } from "./fingerprint";
import type { ActiveAlert } from "./rule-evaluator";

function alert(labels: Record<string, string>, state: ActiveAlert["state"], clock: SimClock, firedAtMs: number): ActiveAlert {
  const full = { severity: "critical", namespace: "shop", ...labels };
  return {
    fingerprint: labelsFingerprint(full),
    labels: full,
    annotations: { summary: "s", description: "d", runbook_url: "https://runbooks.example/x" },
    state,
    activeAtMs: firedAtMs - 60_000,
    firedAtMs,
    ...(state === "resolved" ? { resolvedAtMs: clock.nowMs() } : {}),
    value: 1,
    generatorURL: "http://prometheus/graph",
  };
}

describe("fingerprints", () => {
  it("match Prometheus' FNV-1a over sorted labels", () => {
    expect(labelsFingerprint({})).toBe("cbf29ce484222325");
    expect(labelsFingerprint({ b: "2", a: "1" })).toBe(labelsFingerprint({ a: "1", b: "2" }));
    expect(labelsFingerprint({ a: "1" })).not.toBe(labelsFingerprint({ a: "2" }));
    expect(labelsFingerprint({ a: "1" })).toMatch(/^[0-9a-f]{16}$/);
    expect(formatLabelSet({ namespace: "shop", alertname: "X" })).toBe('{alertname="X", namespace="shop"}');
  });
});

describe("Alertmanager", () => {
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(() => receiver.close());

  it("groups by alertname and namespace, waits group_wait, then sends v4 payloads with a bearer token", async () => {
    receiver.payloads.length = 0;
    const clock = new SimClock({ mode: "manual", start: new Date("2025-01-01T00:00:00Z") });
    const am = new Alertmanager({ clock, webhookUrl: receiver.url, bearerToken: TEST_WEBHOOK_TOKEN, groupWaitMs: 30_000, groupIntervalMs: 60_000 });
    const a = alert({ alertname: "HighErrorRatio", service: "cart" }, "firing", clock, clock.nowMs());
    const b = alert({ alertname: "HighErrorRatio", service: "checkout" }, "firing", clock, clock.nowMs());
    am.receive([a, b]);
    clock.advance(29_000);
    await am.idle();
    expect(receiver.payloads).toHaveLength(0);
    clock.advance(1_000);
    await am.idle();
    expect(receiver.payloads).toHaveLength(1);
    const payload = receiver.payloads[0]!;
    expect(payload).toMatchObject({
      version: "4",
      status: "firing",
      receiver: "agentic-sre",
      groupKey: '{}:{alertname="HighErrorRatio", namespace="shop"}',
      groupLabels: { alertname: "HighErrorRatio", namespace: "shop" },
      commonLabels: { alertname: "HighErrorRatio", namespace: "shop", severity: "critical" },
      truncatedAlerts: 0,
    });
    expect(payload.externalURL).toMatch(/^http/);
    expect(payload.alerts.map((x) => x.labels.service)).toEqual(["cart", "checkout"]);
    expect(payload.alerts[0]).toMatchObject({ status: "firing", endsAt: "0001-01-01T00:00:00Z", startsAt: "2025-01-01T00:00:00Z", fingerprint: a.fingerprint });

    // Unchanged group: nothing until repeat_interval.
    am.receive([a, b]);
    clock.advance(60_000);
    await am.idle();
    expect(receiver.payloads).toHaveLength(1);

    // One resolves: the next group_interval flush carries it as resolved.
    am.receive([a, alert({ alertname: "HighErrorRatio", service: "checkout" }, "resolved", clock, 0)]);
    clock.advance(60_000);
    await am.idle();
    expect(receiver.payloads).toHaveLength(2);
    const second = receiver.payloads[1]!;
    expect(second.status).toBe("firing");
    expect(second.alerts.find((x) => x.labels.service === "checkout")).toMatchObject({ status: "resolved", endsAt: "2025-01-01T00:01:30Z" });
    am.stop();
  });

  it("retries failed deliveries with backoff and never throws", async () => {
    const clock = new SimClock({ mode: "manual", start: new Date("2025-01-01T00:00:00Z") });
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls++;
      if (calls < 3) throw new Error("connect ECONNREFUSED 127.0.0.1:3000");
      return new Response(null, { status: 200 });
    };
    const am = new Alertmanager({ clock, webhookUrl: "http://127.0.0.1:3000/api/webhooks/alertmanager", bearerToken: "t", groupWaitMs: 10_000, fetch: flaky });
    am.receive([alert({ alertname: "PodCrashLooping", service: "cart" }, "firing", clock, clock.nowMs())]);
    // Each failure schedules the next attempt on the simulated clock (1 s, then 2 s later).
    for (let i = 0; i < 30; i++) {
      clock.advance(1_000);
      await am.idle();
    }
    expect(calls).toBe(3);
    expect(am.deliveryLog().map((d) => d.outcome)).toEqual(["failed", "failed", "delivered"]);
    am.stop();
  });
});
