import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_NAMESPACE } from "../shop/topology";
import { createShopHarness, startWebhookReceiver, type WebhookReceiver } from "./testing/shop-harness";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("symptom locality: callers show the failing edge, the callee shows the cause", () => {
  it("a wrong targetPort leaves cart's pods healthy and idle while its callers are refused", async () => {
    const h = await createShopHarness(receiver);
    try {
      h.shop.scenarios.inject("service-wrong-target-port");
      await h.advance(120);
      const at = h.shop.ring.latestMs ?? 0;
      const q = h.shop.query;
      // The callee: ready pods, no restarts, and no requests reaching it.
      expect(h.cluster.pods(SHOP_NAMESPACE, { app: "cart" }).every((p) => p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))).toBe(true);
      expect(q.serviceValue(SHOP_NAMESPACE, "cart", "restarts", at, 120)).toBe(0);
      expect(q.serviceValue(SHOP_NAMESPACE, "cart", "request_rate", at)).toBe(0);
      // The callers: errors on the edge, and their own error ratio up.
      expect(q.edgeValue(SHOP_NAMESPACE, "frontend", "cart", "error_ratio", at)).toBe(1);
      expect(q.serviceValue(SHOP_NAMESPACE, "frontend", "error_ratio", at) ?? 0).toBeGreaterThan(0.1);
      // Bystanders are fine.
      expect(q.serviceValue(SHOP_NAMESPACE, "currency", "error_ratio", at) ?? 1).toBeLessThan(0.01);
    } finally {
      h.stop();
    }
  });

  it("a revoked database role: the database is healthy and answers 403, the client fails with 500s", async () => {
    const h = await createShopHarness(receiver);
    try {
      h.shop.scenarios.inject("db-revoked-role");
      await h.advance(120);
      const at = h.shop.ring.latestMs ?? 0;
      const q = h.shop.query;
      expect(q.serviceValue(SHOP_NAMESPACE, "catalog-db", "availability", at)).toBe(1);
      expect(q.serviceValue(SHOP_NAMESPACE, "catalog-db", "error_ratio", at)).toBe(0);
      expect(q.serviceValue(SHOP_NAMESPACE, "catalog-db", "request_rate", at) ?? 0).toBeGreaterThan(1);
      expect(h.shop.exposition()).toMatch(/http_server_requests_total\{namespace="shop",service="catalog-db",code="403"\} [1-9]/);
      expect(q.edgeValue(SHOP_NAMESPACE, "product-catalog", "catalog-db", "server_error_rate", at) ?? 0).toBeGreaterThan(1);
      expect(q.serviceValue(SHOP_NAMESPACE, "product-catalog", "error_ratio", at)).toBeGreaterThan(0.9);
      // checkout's own database user still works.
      expect(q.edgeValue(SHOP_NAMESPACE, "checkout", "catalog-db", "error_ratio", at)).toBeLessThan(0.01);
    } finally {
      h.stop();
    }
  });

  it("a network delay slows the database's clients, not the database", async () => {
    const h = await createShopHarness(receiver);
    try {
      h.shop.scenarios.inject("network-delay");
      await h.advance(180);
      const at = h.shop.ring.latestMs ?? 0;
      const q = h.shop.query;
      expect(q.serviceValue(SHOP_NAMESPACE, "catalog-db", "latency_p99", at, 120) ?? 1).toBeLessThan(0.1);
      expect(q.serviceValue(SHOP_NAMESPACE, "product-catalog", "latency_p50", at, 120) ?? 0).toBeGreaterThan(0.5);
    } finally {
      h.stop();
    }
  });
});
