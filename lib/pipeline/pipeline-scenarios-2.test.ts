/** Every catalogued scenario through the pipeline worker, part 2 of 2 (see testing/expect-scenarios.ts). */
import { describe } from "vitest";
import { expectScenariosResolved } from "./testing/expect-scenarios";

describe("pipeline on every built-in scenario (part 2 of 2)", () => {
  expectScenariosResolved({ part: 1, of: 2 });
});
