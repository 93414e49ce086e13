/**
 * Label and field selectors with the Kubernetes syntax and semantics (`k8s.io/apimachinery`
 * `labels.Parse` and `fields.ParseSelector`), shared by the store, the HTTP layer and controllers.
 */
import { badRequest } from "./errors";
import type { K8sObject, ResourceKey } from "./types";

export type LabelOperator = "=" | "!=" | "in" | "notin" | "exists" | "!" | ">" | "<";

/** One requirement of a label selector: `app=web`, `tier in (a,b)`, `!canary`. */
export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

/** A parsed label selector; an empty list of requirements matches everything. */
export type LabelSelector = LabelRequirement[];

/** `metav1.LabelSelector` as it appears in Deployment/ReplicaSet/NetworkPolicy specs. */
export interface LabelSelectorSpec {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

const KEY_CHARS = /[A-Za-z0-9_.\-/]/;

/**
 * Parses `app=web,tier!=db,env in (a,b),!canary,version>2`. Throws 400 BadRequest on bad syntax,
 * with the message shape the real server uses for `?labelSelector=`.
 */
export function parseLabelSelector(text: string | undefined): LabelSelector {
  const input = (text ?? "").trim();
  if (!input) return [];
  const out: LabelSelector = [];
  let i = 0;
  const fail = (why: string): never => {
    throw badRequest(`unable to parse requirement: ${why} (in label selector "${input}")`);
  };
  const skipSpace = () => {
    while (i < input.length && input[i] === " ") i++;
  };
  const readWord = (): string => {
    skipSpace();
    const start = i;
    while (i < input.length && KEY_CHARS.test(input[i] as string)) i++;
    return input.slice(start, i);
  };
  while (i < input.length) {
    skipSpace();
    let negated = false;
    if (input[i] === "!") {
      negated = true;
      i++;
    }
    const key = readWord();
    if (!key) fail(`found '${input[i] ?? "end of string"}', expected: identifier`);
    skipSpace();
    if (negated) {
      out.push({ key, operator: "!", values: [] });
    } else if (i >= input.length || input[i] === ",") {
      out.push({ key, operator: "exists", values: [] });
    } else if (input.startsWith("==", i) || input.startsWith("!=", i)) {
      const operator = input[i] === "!" ? "!=" : "=";
      i += 2;
      out.push({ key, operator, values: [readWord()] });
    } else if (input[i] === "=") {
      i += 1;
      out.push({ key, operator: "=", values: [readWord()] });
    } else if (input[i] === ">" || input[i] === "<") {
      const operator = input[i] as ">" | "<";
      i += 1;
      const value = readWord();
      if (!/^-?\d+$/.test(value)) fail(`for '${operator}', '${value}' is not a valid integer`);
      out.push({ key, operator, values: [value] });
    } else {
      const word = readWord();
      if (word !== "in" && word !== "notin") fail(`found '${word || input[i]}', expected: '=', '!=', '==', 'in', notin'`);
      skipSpace();
      if (input[i] !== "(") fail(`found '${input[i] ?? "end of string"}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        const value = readWord();
        skipSpace();
        if (value) values.push(value);
        if (input[i] === ",") {
          i++;
          continue;
        }
        if (input[i] === ")") {
          i++;
          break;
        }
        fail(`found '${input[i] ?? "end of string"}', expected: ',' or ')'`);
      }
      out.push({ key, operator: word as "in" | "notin", values });
    }
    skipSpace();
    if (i < input.length) {
      if (input[i] !== ",") fail(`found '${input[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return out;
}

/** True when `labels` satisfy every requirement. */
export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const req of selector) {
    const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = has ? (labels as Record<string, string>)[req.key] : undefined;
    switch (req.operator) {
      case "=":
      case "in":
        if (!has || !req.values.includes(value as string)) return false;
        break;
      case "!=":
      case "notin":
        if (has && req.values.includes(value as string)) return false;
        break;
      case "exists":
        if (!has) return false;
        break;
      case "!":
        if (has) return false;
        break;
      case ">":
      case "<": {
        if (!has || !/^-?\d+$/.test(value as string)) return false;
        const left = Number(value);
        const right = Number(req.values[0]);
        if (req.operator === ">" ? !(left > right) : !(left < right)) return false;
        break;
      }
    }
  }
  return true;
}

/** Converts a `metav1.LabelSelector` into requirements (as `metav1.LabelSelectorAsSelector`). */
export function labelSelectorFromSpec(spec: LabelSelectorSpec | undefined): LabelSelector {
  if (!spec) return [];
  const out: LabelSelector = [];
  for (const [key, value] of Object.entries(spec.matchLabels ?? {})) out.push({ key, operator: "=", values: [value] });
  for (const expr of spec.matchExpressions ?? []) {
    const values = expr.values ?? [];
    if (expr.operator === "In") out.push({ key: expr.key, operator: "in", values });
    else if (expr.operator === "NotIn") out.push({ key: expr.key, operator: "notin", values });
    else if (expr.operator === "Exists") out.push({ key: expr.key, operator: "exists", values: [] });
    else if (expr.operator === "DoesNotExist") out.push({ key: expr.key, operator: "!", values: [] });
  }
  return out;
}

/** Selector text, sorted by key as the real server prints it (`Scale.status.selector`, `kubectl describe`). */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts = [...selector].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts
    .map((req) => {
      switch (req.operator) {
        case "=":
          return `${req.key}=${req.values[0] ?? ""}`;
        case "!=":
          return `${req.key}!=${req.values[0] ?? ""}`;
        case "in":
          return `${req.key} in (${[...req.values].sort().join(",")})`;
        case "notin":
          return `${req.key} notin (${[...req.values].sort().join(",")})`;
        case "exists":
          return req.key;
        case "!":
          return `!${req.key}`;
        default:
          return `${req.key}${req.operator}${req.values[0] ?? ""}`;
      }
    })
    .join(",");
}

/** One requirement of a field selector: `status.phase!=Running`. */
export interface FieldRequirement {
  field: string;
  operator: "=" | "!=";
  value: string;
}

export type FieldSelector = FieldRequirement[];

/** Parses `metadata.name=x,status.phase!=Running` (backslash escapes `\,` `\=` `\\` honoured). */
export function parseFieldSelector(text: string | undefined): FieldSelector {
  const input = (text ?? "").trim();
  if (!input) return [];
  const terms: string[] = [];
  let current = "";
  for (let i = 0; i < input.length; i++) {
    const ch = input[i] as string;
    if (ch === "\\" && i + 1 < input.length) {
      current += ch + (input[i + 1] as string);
      i++;
    } else if (ch === ",") {
      terms.push(current);
      current = "";
    } else current += ch;
  }
  terms.push(current);
  const out: FieldSelector = [];
  for (const term of terms) {
    if (!term.trim()) continue;
    const split = splitFieldTerm(term);
    if (!split) throw badRequest(`invalid selector: '${input}'; can't understand '${term}'`);
    out.push({ field: split.field.trim(), operator: split.operator, value: unescapeFieldValue(split.value) });
  }
  return out;
}

/** Splits one `field<op>value` term at the first operator that is not backslash-escaped. */
function splitFieldTerm(term: string): { field: string; operator: "=" | "!="; value: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    const ch = term[i];
    if (ch === "\\") {
      i++;
      continue;
    }
    if (ch === "!" && term[i + 1] === "=") return { field: term.slice(0, i), operator: "!=", value: term.slice(i + 2) };
    if (ch === "=") {
      const skip = term[i + 1] === "=" ? 2 : 1;
      return { field: term.slice(0, i), operator: "=", value: term.slice(i + skip) };
    }
  }
  return undefined;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, "$1");
}

/** Fields every resource supports in field selectors. */
const COMMON_FIELDS = ["metadata.name", "metadata.namespace"];

/** Extra selectable fields per resource, as registered by the real API server's strategies. */
const RESOURCE_FIELDS: Record<string, string[]> = {
  pods: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
  events: [
    "involvedObject.kind",
    "involvedObject.namespace",
    "involvedObject.name",
    "involvedObject.uid",
    "involvedObject.apiVersion",
    "involvedObject.resourceVersion",
    "involvedObject.fieldPath",
    "reason",
    "reportingComponent",
    "source",
    "type",
  ],
  nodes: ["spec.unschedulable"],
  namespaces: ["status.phase"],
  secrets: ["type"],
  "replicasets.apps": ["status.replicas"],
};

/** Throws 400 for a field the resource cannot be selected by (the real server does the same). */
export function assertSelectableFields(resource: ResourceKey, selector: FieldSelector): void {
  const extra = RESOURCE_FIELDS[resource] ?? [];
  for (const req of selector) {
    if (!COMMON_FIELDS.includes(req.field) && !extra.includes(req.field)) {
      throw badRequest(`field label not supported: ${req.field}`);
    }
  }
}

/** The value of a selectable field; missing fields read as "" (so `spec.nodeName=` finds unscheduled pods). */
export function fieldValue(object: K8sObject, field: string): string {
  if (field === "source") {
    const source = object.source as { component?: string } | undefined;
    return source?.component ?? "";
  }
  let current: unknown = object;
  for (const part of field.split(".")) {
    if (current === null || typeof current !== "object") return "";
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return field === "spec.unschedulable" || field === "spec.hostNetwork" ? "false" : "";
  return String(current);
}

/** True when the object satisfies every field requirement. */
export function matchesFields(selector: FieldSelector, object: K8sObject): boolean {
  for (const req of selector) {
    const value = fieldValue(object, req.field);
    if (req.operator === "=" ? value !== req.value : value === req.value) return false;
  }
  return true;
}

/** A compiled `ListOptions` filter (parsed once per request, applied per object). */
export interface ObjectFilter {
  labels: LabelSelector;
  fields: FieldSelector;
}

/** Parses and checks both selectors for a resource; throws 400 on bad syntax or unsupported fields. */
export function compileFilter(resource: ResourceKey, options: { labelSelector?: string; fieldSelector?: string } | undefined): ObjectFilter {
  const labels = parseLabelSelector(options?.labelSelector);
  const fields = parseFieldSelector(options?.fieldSelector);
  assertSelectableFields(resource, fields);
  return { labels, fields };
}

/** True when an object passes a compiled filter. */
export function matchesFilter(filter: ObjectFilter, object: K8sObject): boolean {
  return matchesLabels(filter.labels, object.metadata.labels) && matchesFields(filter.fields, object);
}
