/**
 * Vitest cases for a slice of the catalogued scenarios through the whole pipeline (worker, rules
 * reasoner, autopilot, TNR): split over two files so the two test workers share the load.
 */
import { expect, it } from "vitest";
import { SCENARIOS } from "../../sim/scenarios/catalog";
import { runScenario } from "./pipeline-scenario-suite";

/** Defines one test per scenario of `SCENARIOS` whose index modulo `of` is `part`. */
export function expectScenariosResolved({ part, of }: { part: number; of: number }): void {
  for (const [index, scenario] of SCENARIOS.entries()) {
    if (index % of !== part) continue;
    it(`${scenario.name}: ${scenario.name === "baseline" ? "no incident and zero writes" : "the right object and category, fixed (or escalated where a human must act), no regression"}`, async () => {
      const row = await runScenario(scenario, { useServiceSnapshot: true });
      const detail = `${row.finalState}; ${row.notes.join("; ")}`;
      expect(row.outcome, detail).not.toBe("FAILED");
      if (scenario.name === "baseline") {
        expect(row.outcome).toBe("no incident");
        expect(row.actions).toBe(0);
        return;
      }
      expect(row.localized, detail).toBe(true);
      expect(row.category, detail).toBe(true);
      expect(row.regressions, detail).toEqual([]);
      expect(["MITIGATED", "RESOLVED", "ESCALATED"], detail).toContain(row.finalState);
    }, 120_000);
  }
}
