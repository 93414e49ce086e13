import { afterAll, beforeAll, describe, it } from "vitest";
import { checkScenario } from "./testing/scenario-check";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/shop-harness";

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());

describe("Workload scenarios: bad rollouts, config, resources and scheduling", () => {
  for (const name of ["bad-image-tag", "wrong-command", "missing-config-key", "oom-memory-limit", "impossible-node-selector", "memory-leak"]) {
    it(name, () => checkScenario(name, receiver));
  }
});
