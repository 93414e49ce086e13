import { afterAll, beforeAll, describe, it } from "vitest";
import { checkScenario } from "./testing/scenario-check";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/shop-harness";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("Service and capacity scenarios: injected faults alert, fixes restore health", () => {
  for (const name of ["service-wrong-target-port", "service-selector-mismatch", "service-deleted", "scale-to-zero", "quota-exhausted", "multi-cause"]) {
    it(name, () => checkScenario(name, receiver));
  }
});
