import { describe, expect, it } from "vitest";
import { CalculatorError } from "./calculator-error";
import { evaluateExpression, formatCalculatorResult, MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH } from "./evaluate-expression";
import { burnRate, counterIncrease, counterRate, errorBudgetRemaining, percentChange, sloAttainment } from "./metric-functions";

const calc = (expression: string, variables?: Record<string, number>) => evaluateExpression({ expression, variables });
function errorOf(expression: string, variables?: Record<string, number>): CalculatorError {
  try {
    calc(expression, variables);
  } catch (error) {
    expect(error).toBeInstanceOf(CalculatorError);
    return error as CalculatorError;
  }
  throw new Error(`"${expression}" did not fail`);
}

describe("evaluateExpression: precedence and operators", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["2 * 3 / 4", 1.5],
    ["8 / 4 / 2", 1],
    ["2 ^ 3 ^ 2", 512],
    ["-2 ^ 2", -4],
    ["(-2) ^ 2", 4],
    ["2 ^ -1", 0.5],
    ["--3", 3],
    ["-(1 + 2) * -2", 6],
    ["+5", 5],
    ["50%", 0.5],
    ["99.9%", 0.999],
    ["200 * 5%", 10],
    ["1.5e3 + .5", 1500.5],
    ["  7  ", 7],
  ])("%s = %d", (expression, expected) => {
    expect(calc(expression)).toBeCloseTo(expected, 12);
  });

  it("uses variables and constants, and formats away float noise", () => {
    expect(calc("errors / total", { errors: 42, total: 12_000 })).toBeCloseTo(0.0035, 12);
    expect(calc("2 * pi")).toBeCloseTo(2 * Math.PI, 12);
    expect(formatCalculatorResult(calc("0.1 + 0.2"))).toBe("0.3");
    expect(formatCalculatorResult(calc("-0 * 5"))).toBe("0");
    expect(formatCalculatorResult(1e20)).toBe("1e+20");
  });
});

describe("evaluateExpression: errors name the problem and its position", () => {
  it.each([
    ["1 / 0", "division by zero at position 3"],
    ["5 / (2 - 2)", "division by zero at position 3"],
    ["0 ^ -1", "0 raised to a negative power (division by zero) at position 3"],
    ["1e308 * 10", "result overflows (beyond ±1.8e308) at position 7"],
    ["10 ^ 400", "result overflows (beyond ±1.8e308) at position 4"],
    ["1e999", "result overflows (beyond ±1.8e308) at position 1"],
    ["(-8) ^ (1/3)", "-8 ^ 0.3333333333333333 is not a real number at position 6"],
    ["2 $ 3", 'unexpected character "$" (only numbers, names, + - * / ^ % ( ) and commas are allowed) at position 3'],
    ["2 ** 3", '"**" is not an operator; write ^ for powers at position 3'],
    ["(1 + 2", 'missing ")" for the "(" at position 1; found end of expression at position 7'],
    ["1 + 2)", 'unmatched ")" at position 6'],
    ["1 +", "expression ends where a number was expected at position 4"],
    ["* 2", 'unexpected "*": expected a number, a name or "(" at position 1'],
    ["2 3", 'unexpected "3": expected an operator at position 3'],
    ["2x", 'unexpected "x" after the number 2 at position 2'],
    ["", "empty expression"],
    ["foo + 1", 'unknown name "foo" at position 1'],
    ["nope(1)", 'unknown function "nope"'],
    ["sqrt", "sqrt is a function; call it as sqrt(x) at position 1"],
    ["sqrt(1, 2)", "sqrt() takes 1 argument, got 2: sqrt(x) at position 1"],
    ["max()", "max() takes at least 1 arguments, got 0"],
    ["sqrt(-4)", "sqrt of a negative number (-4) at position 1"],
    ["ln(0)", "ln needs a positive number, got 0 at position 1"],
    ["max(1, 2", 'expected "," or ")" in the arguments of max(), found end of expression at position 9'],
  ])("%s -> %s", (expression, message) => {
    expect(errorOf(expression).message).toContain(message);
  });

  it("refuses overlong and too deeply nested expressions, and bad variable names", () => {
    expect(errorOf("1+".repeat(MAX_EXPRESSION_LENGTH)).message).toBe(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
    expect(errorOf(`${"(".repeat(MAX_NESTING_DEPTH + 1)}1${")".repeat(MAX_NESTING_DEPTH + 1)}`).message).toContain(`nested deeper than ${MAX_NESTING_DEPTH}`);
    expect(errorOf("-".repeat(MAX_NESTING_DEPTH + 1) + "1").message).toContain("nested deeper");
    expect(errorOf("a", { "1a": 1 }).message).toContain('variable name "1a"');
    expect(errorOf("pi", { pi: 3 }).message).toContain("taken by a built-in");
    expect(errorOf("x", { x: Number.POSITIVE_INFINITY }).message).toContain("overflows");
  });

  it("cannot reach JavaScript: property names are unknown names, not lookups", () => {
    expect(errorOf("constructor").message).toContain('unknown name "constructor"');
    expect(errorOf("__proto__(1)").message).toContain('unknown function "__proto__"');
    expect(errorOf("toString").message).toContain("unknown name");
  });
});

describe("metric functions", () => {
  it("burn rate and error budget", () => {
    expect(calc("burn_rate(0.5%, 99.9%)")).toBeCloseTo(5, 9);
    expect(formatCalculatorResult(calc("burn_rate(0.5%, 99.9%)"))).toBe("5");
    expect(burnRate({ errorRatio: 0.0144, slo: 0.999 })).toBeCloseTo(14.4, 9);
    expect(errorBudgetRemaining({ errorRatio: 0.0005, slo: 0.999 })).toBeCloseTo(0.5, 12);
    expect(calc("budget_remaining(0.2%, 99.9%)")).toBeCloseTo(-1, 12);
    expect(errorOf("burn_rate(0.01, 100%)").message).toBe("burn_rate: slo must be between 0 and 1 exclusive (write 99.9% or 0.999), got 1 at position 1");
    expect(errorOf("burn_rate(2, 0.99)").message).toContain("error_ratio must be a ratio between 0 and 1");
  });

  it("SLO attainment and percent change", () => {
    expect(calc("slo_attainment(9990, 10000)")).toBeCloseTo(0.999, 12);
    expect(() => sloAttainment({ good: 0, total: 0 })).toThrow("total is 0");
    expect(() => sloAttainment({ good: 11, total: 10 })).toThrow("cannot exceed");
    expect(percentChange({ from: 200, to: 250 })).toBe(25);
    expect(percentChange({ from: -200, to: -100 })).toBe(50);
    expect(errorOf("percent_change(0, 5)").message).toBe("percent_change: percent change from 0 is undefined (division by zero) at position 1");
  });

  it("counter increase and rate handle resets like Prometheus", () => {
    expect(counterIncrease({ samples: [{ t: 0, v: 100 }, { t: 15, v: 130 }, { t: 30, v: 10 }, { t: 45, v: 40 }] })).toBe(70);
    expect(counterRate({ samples: [{ t: 0, v: 100 }, { t: 15, v: 130 }, { t: 30, v: 10 }, { t: 45, v: 40 }] })).toBeCloseTo(70 / 45, 12);
    expect(calc("counter_rate(15, 100, 130, 10, 40)")).toBeCloseTo(70 / 45, 12);
    expect(calc("counter_increase(5, 5, 5)")).toBe(0);
    expect(() => counterIncrease({ samples: [{ t: 0, v: 1 }] })).toThrow("at least 2 samples");
    expect(() => counterIncrease({ samples: [{ t: 0, v: 1 }, { t: 0, v: 2 }] })).toThrow("times must increase");
    expect(() => counterIncrease({ samples: [{ t: 0, v: -1 }, { t: 1, v: 2 }] })).toThrow("cannot be negative");
    expect(errorOf("counter_rate(0, 1, 2)").message).toContain("interval_seconds must be positive");
    expect(errorOf("counter_rate(15, 1)").message).toContain("takes at least 3 arguments");
  });
});
