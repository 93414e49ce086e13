/**
 * The rules agents against every catalogued fault: each scenario is injected on a fresh shop,
 * and detection must confirm it, diagnosis must name the ground truth's faulty object and
 * category, and the mitigation (executed through the action catalogue) must restore health, or
 * escalate when the fault is one a human must fix (database users and roles, Secret values).
 */
import { afterAll, describe, expect, it } from "vitest";
import { SCENARIOS } from "../sim/scenarios/catalog";
import { outcomeTable, runScenarioThroughAgents, type ScenarioOutcome } from "./testing/scenario-pipeline";

const outcomes: ScenarioOutcome[] = [];
const FAULT_SCENARIOS = SCENARIOS.filter((s) => s.groundTruth.faults.length > 0).map((s) => s.name);

afterAll(() => {
  console.log(`\nRules agents on the scenario catalogue:\n${outcomeTable(outcomes)}\n${outcomes.filter((o) => o.notes.length).map((o) => `- ${o.scenario}: ${o.notes.join(" | ")}`).join("\n")}`);
});

describe("rules agents on every fault scenario", () => {
  for (const name of FAULT_SCENARIOS) {
    it(name, async () => {
      const outcome = await runScenarioThroughAgents(name);
      outcomes.push(outcome);
      expect(outcome.detection.verdict).toBe("confirmed");
      expect.soft(outcome.localized, outcome.notes.join("; ")).toBe(true);
      expect.soft(outcome.categoryOk, outcome.notes.join("; ")).toBe(true);
      expect.soft(outcome.mitigationOk, outcome.notes.join("; ")).toBe(true);
    }, 60_000);
  }
});
