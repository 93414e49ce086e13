/**
 * The LLM reasoner through the whole pipeline (worker, autopilot, TNR), against a local
 * OpenAI-compatible server over real HTTP with the scripted SRE model: what
 * `npm run bench:pipeline -- --reasoner llm` runs for every scenario, here for one fix and one
 * escalation so CI exercises the path end to end. The model's token use is recorded per step.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLlmReasoner } from "../reasoning/llm/create-llm-reasoner";
import { findScenario } from "../sim/scenarios/catalog";
import { scriptedSreModel } from "../testing/openai-server/scripted-sre-model";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from "../testing/openai-server/start-scripted-openai-server";
import { runScenario } from "./testing/pipeline-scenario-suite";

let server: ScriptedOpenAiServer;
beforeAll(async () => {
  server = await startScriptedOpenAiServer({ handler: scriptedSreModel() });
});
afterAll(async () => {
  await server.close();
});

describe("pipeline with the LLM reasoner (scripted model)", () => {
  for (const name of ["service-wrong-target-port", "db-dropped-user"]) {
    it(`${name}: localized, categorized and fixed or escalated, with tokens counted`, async () => {
      const reasoner = createLlmReasoner({ baseUrl: server.baseUrl, model: "scripted-sre", timeoutMs: 30_000 });
      const row = await runScenario(findScenario(name)!, { useServiceSnapshot: true, reasoner });
      const detail = `${row.finalState}; ${row.notes.join("; ")}`;
      expect(row.outcome, detail).not.toBe("FAILED");
      expect(row.localized, detail).toBe(true);
      expect(row.category, detail).toBe(true);
      expect(row.regressions).toEqual([]);
      expect(row.llm?.fallbacks ?? 0, "the model's answers were used, not the rules fallback").toBe(0);
      expect(row.llm?.tokens ?? 0).toBeGreaterThan(0);
      expect(row.llm?.turns.diagnosis ?? 0).toBeGreaterThan(0);
    }, 120_000);
  }
});
