import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkScenario } from "./testing/scenario-check";
import { createShopHarness, startWebhookReceiver, type WebhookReceiver } from "./testing/shop-harness";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("Network and database scenarios", () => {
  for (const name of ["network-policy-deny", "network-delay", "network-partition", "db-revoked-role", "db-dropped-user", "db-wrong-password"]) {
    it(name, () => checkScenario(name, receiver));
  }
});

describe("The no-fault baseline", () => {
  it("runs ten minutes of traffic without a single alert", async () => {
    receiver.payloads.length = 0;
    const h = await createShopHarness(receiver);
    try {
      await h.advance(600);
      expect(h.shop.rules.alerts()).toEqual([]);
      expect(receiver.payloads).toEqual([]);
      expect(h.unhealthyReasons()).toEqual([]);
    } finally {
      h.stop();
    }
  });
});
