/**
 * Injects, fixes and clears scenarios on a running shop: applies their API changes through the
 * store and remembers which ones were injected since the last reset (for status pages).
 */
import type { SimClock } from "../clock";
import { resetShop, type ShopApplyResult } from "../shop/install";
import type { ObjectStore } from "../types";
import { applyApiChanges, type AppliedChange } from "./apply-api-changes";
import { findScenario, SCENARIOS } from "./catalog";
import type { Scenario } from "./types";

/** A scenario that was injected. */
export interface InjectedScenario {
  name: string;
  injectedAt: string;
  fixedAt?: string;
}

/** Thrown for an unknown scenario name (the HTTP layer maps it to 404). */
export class UnknownScenarioError extends Error {
  constructor(readonly scenario: string) {
    super(`unknown scenario "${scenario}"; GET /sim/v1/scenarios lists them`);
    this.name = "UnknownScenarioError";
  }
}

/** Runs scenarios against a store. */
export class ScenarioRunner {
  private readonly injected: InjectedScenario[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: SimClock,
    /** Called after every write batch (e.g. `reconcileNow`, so controllers react at once). */
    private readonly afterWrite: () => void = () => {},
  ) {}

  list(): readonly Scenario[] {
    return SCENARIOS;
  }

  private require(name: string): Scenario {
    const scenario = findScenario(name);
    if (!scenario) throw new UnknownScenarioError(name);
    return scenario;
  }

  /** Apply a scenario's fault. */
  inject(name: string): { scenario: Scenario; changes: AppliedChange[] } {
    const scenario = this.require(name);
    const changes = applyApiChanges(this.store, scenario.inject, this.clock.nowRfc3339());
    this.injected.push({ name, injectedAt: this.clock.nowRfc3339() });
    this.afterWrite();
    return { scenario, changes };
  }

  /** Apply a scenario's ground-truth fix. */
  fix(name: string): { scenario: Scenario; changes: AppliedChange[] } {
    const scenario = this.require(name);
    const changes = applyApiChanges(this.store, scenario.groundTruth.fix, this.clock.nowRfc3339());
    for (const entry of this.injected) if (entry.name === name && !entry.fixedAt) entry.fixedAt = this.clock.nowRfc3339();
    this.afterWrite();
    return { scenario, changes };
  }

  /** Put the shop back to baseline and forget injected scenarios. */
  reset(): ShopApplyResult {
    const result = resetShop(this.store);
    this.injected.length = 0;
    this.afterWrite();
    return result;
  }

  /** Scenarios injected since the last reset. */
  history(): InjectedScenario[] {
    return this.injected.map((e) => ({ ...e }));
  }
}
