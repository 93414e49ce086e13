/**
 * The detection agent closes false alarms: on the no-fault baseline an alert about a healthy
 * service is noise, and so is a fault that has already been fixed by the time it looks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_NAMESPACE } from "../sim/shop/topology";
import { runDetectionAgent } from "./detection-agent";
import { agentContextFor, startAgentTestShop, syntheticAlert, type AgentTestShop } from "./testing/scenario-pipeline";

let t: AgentTestShop;
beforeAll(async () => {
  t = await startAgentTestShop();
}, 60_000);
afterAll(() => t?.stop());

describe("detection agent on the no-fault baseline", () => {
  it("calls an alert about a healthy service noise, with the telemetry as evidence", async () => {
    const alerts = [syntheticAlert({ name: "HighErrorRatio", service: "frontend", severity: "critical", startsAt: new Date(t.sim.clock.now().getTime() - 60_000) })];
    const out = await runDetectionAgent(agentContextFor(t), { namespace: SHOP_NAMESPACE, alerts });
    expect(out.verdict).toBe("noise");
    expect(out.reason).toMatch(/nothing abnormal now/);
    expect(out.evidence[0]?.summary).toMatch(/^frontend looks normal now/);
  });

  it("calls a fault that was fixed before it looked a recovered blip", async () => {
    t.shop.scenarios.inject("service-wrong-target-port");
    await t.advance(90);
    const startsAt = t.sim.clock.now();
    t.shop.scenarios.fix("service-wrong-target-port");
    await t.advance(150);
    const alerts = [syntheticAlert({ name: "HighErrorRatio", service: "frontend", severity: "critical", startsAt })];
    const out = await runDetectionAgent(agentContextFor(t), { namespace: SHOP_NAMESPACE, alerts });
    expect(out.verdict).toBe("noise");
    expect(out.reason).toMatch(/transient blip|flapping/);
  });
});
