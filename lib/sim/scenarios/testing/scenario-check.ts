/**
 * The story every scenario test tells: the shop is healthy; the fault is injected and the
 * expected symptoms and alerts appear; the ground-truth fix is applied and every service is
 * healthy again, with resolved notifications for what fired.
 */
import { expect } from "vitest";
import { RESOURCE_KEYS } from "../../resources";
import { SHOP_NAMESPACE, shopService } from "../../shop/topology";
import { findScenario } from "../catalog";
import { createShopHarness, type WebhookReceiver } from "./shop-harness";

/** Seconds after recovery allowed for firing alerts to resolve and be notified. */
const RESOLVE_WITHIN_SECONDS = 300;

/** Run one scenario end to end against a fresh shop. */
export async function checkScenario(name: string, receiver: WebhookReceiver): Promise<void> {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  receiver.payloads.length = 0;
  const h = await createShopHarness(receiver);
  try {
    expect(h.unhealthyReasons(), "baseline before injection").toEqual([]);
    expect(receiver.payloads, "no alert before injection").toEqual([]);
    h.podReasons.clear();

    h.shop.scenarios.inject(name);
    const expected = scenario.groundTruth.expectedAlerts.map((a) => `${a.alertname}/${a.service}`);
    await h.advanceUntil(() => expected.every((key) => h.deliveredFiring().has(key)), scenario.detectWithinSeconds, `${name}: expected alerts ${expected.join(", ")} (got ${[...h.deliveredFiring()].join(", ")})`);

    const symptoms = scenario.groundTruth.symptoms;
    const at = h.shop.ring.latestMs ?? 0;
    for (const edge of symptoms.failingEdges ?? []) {
      const rate = h.shop.query.edgeValue(SHOP_NAMESPACE, edge.from, edge.to, `${edge.outcome}_rate`, at, 60) ?? 0;
      expect(rate, `${edge.from} -> ${edge.to} ${edge.outcome}`).toBeGreaterThan(0);
    }
    for (const { service, reason } of symptoms.podReasons ?? []) {
      expect([...(h.podReasons.get(service) ?? [])], `${service} pod reasons`).toContain(reason);
    }
    if (symptoms.eventReasons) {
      const reasons = new Set(h.cluster.store.list(RESOURCE_KEYS.events, SHOP_NAMESPACE).items.map((e) => String(e.reason)));
      for (const reason of symptoms.eventReasons) expect([...reasons], "event reasons").toContain(reason);
    }
    for (const { service, contains } of symptoms.logs ?? []) {
      expect(h.logsOf(service), `${service} logs`).toContain(contains);
    }
    for (const service of symptoms.slowServices ?? []) {
      const p99 = h.shop.query.serviceValue(SHOP_NAMESPACE, service, "latency_p99", at, 120) ?? 0;
      expect(p99, `${service} p99`).toBeGreaterThan(shopService(service)?.sloP99Seconds ?? 0);
    }

    h.shop.scenarios.fix(name);
    await h.advanceUntil(() => h.healthy(), scenario.recoverWithinSeconds + RESOLVE_WITHIN_SECONDS, `${name}: back to baseline health (${h.unhealthyReasons().join("; ")})`);
    // Every alert that fired has been resolved towards the app.
    await h.advanceUntil(() => [...h.deliveredFiring()].every((key) => h.deliveredResolved().has(key)), RESOLVE_WITHIN_SECONDS, `${name}: resolved notifications`);
    expect(receiver.unauthorized).toBe(0);
  } finally {
    h.stop();
  }
}
