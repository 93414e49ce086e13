/**
 * A safe arithmetic expression evaluator: a tokenizer and a recursive-descent parser, no `eval`
 * and no `Function`. Only numbers, named variables, + - * / ^, unary minus, postfix % (percent:
 * `99.9%` is 0.999), parentheses and the functions in `CALCULATOR_FUNCTIONS` exist. Every error
 * names what is wrong and where (1-based position), so a model can correct its expression.
 *
 * Precedence, loosest first: + -; * /; unary - +; ^ (right-associative); postfix %.
 * So `-2^2` is -4 and `2^-1` is 0.5, as in mathematics and Python.
 */
import { CalculatorError } from "./calculator-error";
import { burnRate, counterIncrease, errorBudgetRemaining, percentChange, sloAttainment } from "./metric-functions";

/** Longest expression accepted (characters). */
export const MAX_EXPRESSION_LENGTH = 2_000;
/** Deepest nesting of parentheses and unary operators. */
export const MAX_NESTING_DEPTH = 64;

type Token =
  | { kind: "number"; value: number; pos: number; text: string }
  | { kind: "name"; value: string; pos: number; text: string }
  | { kind: "op"; value: "+" | "-" | "*" | "/" | "^" | "%" | "(" | ")" | ","; pos: number; text: string }
  | { kind: "end"; pos: number; text: string };

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = source.slice(i);
    const number = NUMBER.exec(rest);
    if (number) {
      // A name glued to a number (2x, 1e) is a typo, not an implicit product.
      if (NAME.test(source.slice(i + number[0].length))) throw new CalculatorError(`unexpected "${source.slice(i + number[0].length)[0]}" after the number ${number[0]}`, i + number[0].length + 1);
      tokens.push({ kind: "number", value: Number(number[0]), pos: i + 1, text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: "name", value: name[0], pos: i + 1, text: name[0] });
      i += name[0].length;
      continue;
    }
    if ("+-*/^%(),".includes(ch)) {
      tokens.push({ kind: "op", value: ch as Extract<Token, { kind: "op" }>["value"], pos: i + 1, text: ch });
      i++;
      continue;
    }
    throw new CalculatorError(`unexpected character "${ch}" (only numbers, names, + - * / ^ % ( ) and commas are allowed)`, i + 1);
  }
  tokens.push({ kind: "end", pos: source.length + 1, text: "end of expression" });
  return tokens;
}

type Node =
  | { kind: "number"; value: number; pos: number }
  | { kind: "variable"; name: string; pos: number }
  | { kind: "unary"; op: "-" | "+"; operand: Node; pos: number }
  | { kind: "percent"; operand: Node; pos: number }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "^"; left: Node; right: Node; pos: number }
  | { kind: "call"; name: string; args: Node[]; pos: number };

class Parser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    return this.tokens[this.index++]!;
  }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === "op" && t.value === value;
  }
  private describe(t: Token): string {
    return t.kind === "end" ? "end of expression" : `"${t.text}"`;
  }
  private enter(pos: number): void {
    if (++this.depth > MAX_NESTING_DEPTH) throw new CalculatorError(`expression nested deeper than ${MAX_NESTING_DEPTH} levels`, pos);
  }

  parse(): Node {
    if (this.peek().kind === "end") throw new CalculatorError("empty expression");
    const node = this.additive();
    const t = this.peek();
    if (t.kind !== "end") throw new CalculatorError(t.kind === "op" && t.value === ")" ? 'unmatched ")"' : `unexpected ${this.describe(t)}: expected an operator`, t.pos);
    return node;
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next() as Extract<Token, { kind: "op" }>;
      left = { kind: "binary", op: op.value as "+" | "-", left, right: this.multiplicative(), pos: op.pos };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/")) {
      const op = this.next() as Extract<Token, { kind: "op" }>;
      if (op.value === "*" && this.isOp("*")) throw new CalculatorError('"**" is not an operator; write ^ for powers', op.pos);
      left = { kind: "binary", op: op.value as "*" | "/", left, right: this.unary(), pos: op.pos };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.next() as Extract<Token, { kind: "op" }>;
      this.enter(op.pos);
      const operand = this.unary();
      this.depth--;
      return { kind: "unary", op: op.value as "-" | "+", operand, pos: op.pos };
    }
    return this.power();
  }

  private power(): Node {
    const base = this.postfix();
    if (this.isOp("^")) {
      const op = this.next();
      this.enter(op.pos);
      // Right-associative, and the exponent may carry its own sign: 2^-1, 2^3^2 = 2^9.
      const exponent = this.unary();
      this.depth--;
      return { kind: "binary", op: "^", left: base, right: exponent, pos: op.pos };
    }
    return base;
  }

  private postfix(): Node {
    let node = this.primary();
    while (this.isOp("%")) {
      const op = this.next();
      node = { kind: "percent", operand: node, pos: op.pos };
    }
    return node;
  }

  private primary(): Node {
    const t = this.next();
    if (t.kind === "number") return { kind: "number", value: t.value, pos: t.pos };
    if (t.kind === "name") {
      if (!this.isOp("(")) return { kind: "variable", name: t.value, pos: t.pos };
      const open = this.next();
      this.enter(open.pos);
      const args: Node[] = [];
      if (!this.isOp(")")) {
        for (;;) {
          args.push(this.additive());
          if (this.isOp(",")) {
            this.next();
            continue;
          }
          break;
        }
      }
      const close = this.next();
      if (close.kind !== "op" || close.value !== ")") throw new CalculatorError(`expected "," or ")" in the arguments of ${t.value}(), found ${this.describe(close)}`, close.pos);
      this.depth--;
      return { kind: "call", name: t.value, args, pos: t.pos };
    }
    if (t.kind === "op" && t.value === "(") {
      this.enter(t.pos);
      const inner = this.additive();
      const close = this.next();
      if (close.kind !== "op" || close.value !== ")") throw new CalculatorError(`missing ")" for the "(" at position ${t.pos}; found ${this.describe(close)}`, close.pos);
      this.depth--;
      return inner;
    }
    throw new CalculatorError(t.kind === "end" ? "expression ends where a number was expected" : `unexpected ${this.describe(t)}: expected a number, a name or "("`, t.pos);
  }
}

/** A function of the calculator: its arity and what it computes. */
interface CalculatorFunction {
  /** One line shown in the tool description and in "unknown function" errors. */
  signature: string;
  minArgs: number;
  maxArgs: number;
  apply(args: number[], pos: number): number;
}

const unary = (signature: string, fn: (x: number, pos: number) => number): CalculatorFunction => ({ signature, minArgs: 1, maxArgs: 1, apply: (a, pos) => fn(a[0]!, pos) });

/** Every function, by name. */
export const CALCULATOR_FUNCTIONS: Readonly<Record<string, CalculatorFunction>> = {
  abs: unary("abs(x)", Math.abs),
  sqrt: unary("sqrt(x)", (x, pos) => {
    if (x < 0) throw new CalculatorError(`sqrt of a negative number (${x})`, pos);
    return Math.sqrt(x);
  }),
  ln: unary("ln(x)", (x, pos) => {
    if (x <= 0) throw new CalculatorError(`ln needs a positive number, got ${x}`, pos);
    return Math.log(x);
  }),
  log10: unary("log10(x)", (x, pos) => {
    if (x <= 0) throw new CalculatorError(`log10 needs a positive number, got ${x}`, pos);
    return Math.log10(x);
  }),
  log2: unary("log2(x)", (x, pos) => {
    if (x <= 0) throw new CalculatorError(`log2 needs a positive number, got ${x}`, pos);
    return Math.log2(x);
  }),
  exp: unary("exp(x)", Math.exp),
  floor: unary("floor(x)", Math.floor),
  ceil: unary("ceil(x)", Math.ceil),
  round: {
    signature: "round(x, digits=0)",
    minArgs: 1,
    maxArgs: 2,
    apply: ([x, digits = 0], pos) => {
      if (!Number.isInteger(digits) || digits < 0 || digits > 15) throw new CalculatorError(`round: digits must be an integer from 0 to 15, got ${digits}`, pos);
      const factor = 10 ** digits;
      return Math.round(x! * factor) / factor;
    },
  },
  min: { signature: "min(a, b, ...)", minArgs: 1, maxArgs: 1000, apply: (a) => Math.min(...a) },
  max: { signature: "max(a, b, ...)", minArgs: 1, maxArgs: 1000, apply: (a) => Math.max(...a) },
  sum: { signature: "sum(a, b, ...)", minArgs: 1, maxArgs: 1000, apply: (a) => a.reduce((s, v) => s + v, 0) },
  avg: { signature: "avg(a, b, ...)", minArgs: 1, maxArgs: 1000, apply: (a) => a.reduce((s, v) => s + v, 0) / a.length },
  burn_rate: { signature: "burn_rate(error_ratio, slo): error-budget burn rate, e.g. burn_rate(0.5%, 99.9%) = 5", minArgs: 2, maxArgs: 2, apply: ([errorRatio, slo]) => burnRate({ errorRatio: errorRatio!, slo: slo! }) },
  budget_remaining: { signature: "budget_remaining(error_ratio, slo): share of the error budget left (negative: overspent)", minArgs: 2, maxArgs: 2, apply: ([errorRatio, slo]) => errorBudgetRemaining({ errorRatio: errorRatio!, slo: slo! }) },
  slo_attainment: { signature: "slo_attainment(good, total): good / total", minArgs: 2, maxArgs: 2, apply: ([good, total]) => sloAttainment({ good: good!, total: total! }) },
  percent_change: { signature: "percent_change(from, to): (to - from) / |from| x 100", minArgs: 2, maxArgs: 2, apply: ([from, to]) => percentChange({ from: from!, to: to! }) },
  counter_increase: {
    signature: "counter_increase(v1, v2, ...): increase of a counter across samples, resets counted",
    minArgs: 2,
    maxArgs: 1000,
    apply: (values) => counterIncrease({ samples: values.map((v, i) => ({ t: i, v })) }),
  },
  counter_rate: {
    signature: "counter_rate(interval_seconds, v1, v2, ...): per-second rate of a counter sampled every interval, resets counted",
    minArgs: 3,
    maxArgs: 1001,
    apply: ([interval, ...values], pos) => {
      if (!(interval! > 0)) throw new CalculatorError(`counter_rate: interval_seconds must be positive, got ${interval}`, pos);
      return counterIncrease({ samples: values.map((v, i) => ({ t: i * interval!, v })) }) / ((values.length - 1) * interval!);
    },
  },
};

/** Named constants. */
export const CALCULATOR_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

export interface EvaluateExpressionOptions {
  expression: string;
  /** Named values the expression may use (`errors / total`). */
  variables?: Readonly<Record<string, number>>;
}

function checkFinite(value: number, pos: number): number {
  if (Number.isNaN(value)) throw new CalculatorError("result is not a number", pos);
  if (!Number.isFinite(value)) throw new CalculatorError("result overflows (beyond ±1.8e308)", pos);
  return value;
}

function evaluateBinary(node: Extract<Node, { kind: "binary" }>, left: number, right: number): number {
  switch (node.op) {
    case "+":
      return checkFinite(left + right, node.pos);
    case "-":
      return checkFinite(left - right, node.pos);
    case "*":
      return checkFinite(left * right, node.pos);
    case "/":
      if (right === 0) throw new CalculatorError("division by zero", node.pos);
      return checkFinite(left / right, node.pos);
    case "^": {
      if (left === 0 && right < 0) throw new CalculatorError("0 raised to a negative power (division by zero)", node.pos);
      const value = left ** right;
      if (Number.isNaN(value)) throw new CalculatorError(`${left} ^ ${right} is not a real number`, node.pos);
      return checkFinite(value, node.pos);
    }
  }
}

function evaluateNode(node: Node, variables: Readonly<Record<string, number>>): number {
  switch (node.kind) {
    case "number":
      return checkFinite(node.value, node.pos);
    case "variable": {
      if (Object.hasOwn(variables, node.name)) return checkFinite(variables[node.name]!, node.pos);
      if (Object.hasOwn(CALCULATOR_CONSTANTS, node.name)) return CALCULATOR_CONSTANTS[node.name]!;
      if (Object.hasOwn(CALCULATOR_FUNCTIONS, node.name)) throw new CalculatorError(`${node.name} is a function; call it as ${CALCULATOR_FUNCTIONS[node.name]!.signature.split(":")[0]}`, node.pos);
      const known = Object.keys(variables);
      throw new CalculatorError(`unknown name "${node.name}"${known.length ? ` (variables: ${known.join(", ")})` : ""}`, node.pos);
    }
    case "unary": {
      const value = evaluateNode(node.operand, variables);
      return node.op === "-" ? -value : value;
    }
    case "percent":
      return evaluateNode(node.operand, variables) / 100;
    case "binary":
      return evaluateBinary(node, evaluateNode(node.left, variables), evaluateNode(node.right, variables));
    case "call": {
      if (!Object.hasOwn(CALCULATOR_FUNCTIONS, node.name)) throw new CalculatorError(`unknown function "${node.name}" (functions: ${Object.keys(CALCULATOR_FUNCTIONS).join(", ")})`, node.pos);
      const fn = CALCULATOR_FUNCTIONS[node.name]!;
      if (node.args.length < fn.minArgs || node.args.length > fn.maxArgs) {
        const expected = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs >= 1000 ? `at least ${fn.minArgs}` : `${fn.minArgs} to ${fn.maxArgs}`;
        throw new CalculatorError(`${node.name}() takes ${expected} argument${fn.minArgs === 1 && fn.maxArgs === 1 ? "" : "s"}, got ${node.args.length}: ${fn.signature}`, node.pos);
      }
      const args = node.args.map((arg) => evaluateNode(arg, variables));
      try {
        return checkFinite(fn.apply(args, node.pos), node.pos);
      } catch (error) {
        // Metric functions throw without a position; point at the call.
        if (error instanceof CalculatorError && error.position === undefined) throw new CalculatorError(`${node.name}: ${error.message}`, node.pos);
        throw error;
      }
    }
  }
}

/** Evaluates `expression`; throws `CalculatorError` (with a position) on any mistake. */
export function evaluateExpression({ expression, variables = {} }: EvaluateExpressionOptions): number {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw new CalculatorError(`expression longer than ${MAX_EXPRESSION_LENGTH} characters`);
  for (const name of Object.keys(variables)) {
    if (!NAME.test(name) || NAME.exec(name)![0] !== name) throw new CalculatorError(`variable name "${name}" must be letters, digits and _ (not starting with a digit)`);
    if (Object.hasOwn(CALCULATOR_FUNCTIONS, name) || Object.hasOwn(CALCULATOR_CONSTANTS, name)) throw new CalculatorError(`variable name "${name}" is taken by a built-in`);
  }
  const tree = new Parser(tokenize(expression)).parse();
  const value = evaluateNode(tree, variables);
  // -0 prints as 0.
  return value === 0 ? 0 : value;
}

/** A result for people and models: up to 12 significant digits, no float noise (0.1+0.2 -> 0.3). */
export function formatCalculatorResult(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e15 || abs < 1e-9) return value.toPrecision(12).replace(/\.?0+e/, "e");
  return String(Number(value.toPrecision(12)));
}
