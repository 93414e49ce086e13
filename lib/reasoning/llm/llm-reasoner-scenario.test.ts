/**
 * A full incident through the LLM reasoner on the simulated shop: the real SDK talks real HTTP
 * to the scripted OpenAI-compatible server (the scripted SRE model), the tools run against the
 * simulator. The model plans, calls tools, answers a diagnosis citing evidence, reflects, and
 * proposes a catalogue transaction, which executed through the catalogue restores the shop.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentStep } from "../../agents/agent-context";
import { agentContextFor, startAgentTestShop, syntheticAlert, type AgentTestShop } from "../../agents/testing/scenario-pipeline";
import { executeAction, planAction, snapshotAction } from "../../cluster/actions/catalogue";
import type { Severity } from "../../alerts/types";
import { SHOP_NAMESPACE } from "../../sim/shop/topology";
import { scriptedSreModel } from "../../testing/openai-server/scripted-sre-model";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from "../../testing/openai-server/start-scripted-openai-server";
import { createLlmReasoner } from "./create-llm-reasoner";

let server: ScriptedOpenAiServer;
let shop: AgentTestShop;

beforeAll(async () => {
  server = await startScriptedOpenAiServer({ handler: scriptedSreModel() });
  shop = await startAgentTestShop();
});

afterAll(async () => {
  await server.close();
  await shop.stop();
});

describe("LLM reasoner on a simulated incident", () => {
  it("plans, calls tools, cites evidence and proposes a catalogue transaction that fixes a wrong Service targetPort", async () => {
    shop.shop.scenarios.inject("service-wrong-target-port");
    const firing = () => shop.shop.rules.alerts().filter((a) => a.state === "firing");
    for (let waited = 0; !firing().some((a) => a.labels.service === "cart"); waited += 10) {
      if (waited > 600) throw new Error("the scenario's alerts did not fire");
      await shop.advance(10);
    }
    const alerts = firing().map((a) => syntheticAlert({ name: a.labels.alertname ?? "", service: a.labels.service ?? "", severity: (a.labels.severity as Severity) ?? "warning", startsAt: new Date(a.activeAtMs) }));
    const steps: AgentStep[] = [];
    const ctx = agentContextFor(shop, steps);
    const reasoner = createLlmReasoner({ baseUrl: server.baseUrl, model: "scripted-sre", timeoutMs: 10_000 });
    expect(reasoner.id).toBe("llm:scripted-sre");

    const detection = await reasoner.detect(ctx, { namespace: SHOP_NAMESPACE, alerts });
    expect(detection.verdict).toBe("confirmed");
    const diagnosis = await reasoner.diagnose(ctx, { namespace: SHOP_NAMESPACE, alerts });
    expect(diagnosis.faultyObject).toEqual({ kind: "Service", namespace: SHOP_NAMESPACE, name: "cart" });
    expect(diagnosis.mechanism).toBe("service-target-port");
    const mitigation = await reasoner.mitigate(ctx, { namespace: SHOP_NAMESPACE, diagnosis });
    expect(mitigation.kind).toBe("transaction");
    if (mitigation.kind !== "transaction") return;
    expect(mitigation.actions.map((a) => a.action.type)).toEqual(["patch-service-ports"]);

    // The model's own tool calls ran against the cluster and are cited by the diagnosis.
    const toolTurns = steps.filter((s) => s.agent === "diagnosis" && s.kind === "observation" && s.usage);
    expect(toolTurns.length).toBeGreaterThan(0);
    const modelCallIds = toolTurns.flatMap((s) => s.cites ?? []);
    expect(modelCallIds.length).toBe(2);
    const cited = diagnosis.evidence.flatMap((e) => ("callId" in e.source ? [e.source.callId] : []));
    expect(cited).toEqual(expect.arrayContaining(modelCallIds));
    // Plan, hypothesis, reflection and decision are on the timeline, each model request with its usage.
    const kinds = steps.filter((s) => s.agent === "diagnosis").map((s) => s.kind);
    expect(kinds).toEqual(expect.arrayContaining(["plan", "hypothesis", "reflection", "decision"]));
    expect(steps.some((s) => s.kind === "fallback")).toBe(false);
    const used = steps.reduce((n, s) => n + (s.usage ? s.usage.inputTokens + s.usage.outputTokens : 0), 0);
    expect(used).toBeGreaterThan(0);
    expect(steps.filter((s) => s.usage).length).toBe(server.requests.length);
    // The tool calls were offered from the registry, the answers constrained by JSON schemas.
    const diagnosisRequest = server.requests.find((r) => r.response_format?.type === "json_schema" && r.response_format.json_schema.name === "diagnosis" && r.tools);
    expect(diagnosisRequest?.tools?.map((t) => t.function.name)).toEqual(expect.arrayContaining(["run_analyzers", "pod_logs", "get_service_endpoints"]));

    // Executed through the catalogue (as TNR would), the transaction restores the shop.
    const actx = { clients: shop.clients };
    for (const { action } of mitigation.actions) {
      const plan = await planAction(actx, action);
      expect(plan.executable).toBe(true);
      const snapshot = await snapshotAction(actx, action);
      if (!snapshot.ok) throw new Error(snapshot.error.message);
      const executed = await executeAction(actx, action, snapshot.value);
      expect(executed.ok).toBe(true);
    }
    let waited = 0;
    for (; waited < 900 && shop.unhealthyReasons().length > 0; waited += 10) await shop.advance(10);
    expect(shop.unhealthyReasons()).toEqual([]);
  }, 60_000);
});
