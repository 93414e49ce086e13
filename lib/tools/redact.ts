/**
 * Redaction of tool output before a model or a browser sees it. Pure: text and JSON values in,
 * the same with secrets replaced by `[REDACTED]` and a count of replacements out.
 *
 * Tools never read Secret values in the first place; this is the second line of defence for
 * what leaks through ordinary objects: env values with secret-looking names, tokens in logs,
 * credentials embedded in URLs, private keys in ConfigMaps.
 */

/** What replaces every redacted value. */
export const REDACTED = "[REDACTED]";

/** An extra pattern to redact; every match is replaced whole. */
export interface RedactionPattern {
  /** Shown in tests and debugging only. */
  name: string;
  /** Must be global (`g`); a non-global pattern is made global. */
  regex: RegExp;
}

export interface RedactorOptions {
  /** Patterns redacted after the built-in ones (e.g. internal hostnames, customer ids). */
  patterns?: readonly RedactionPattern[];
  /** Redact e-mail addresses. Off by default: tool output rarely carries personal data. */
  redactEmails?: boolean;
  /** Redact IPv4 addresses. Off by default: pod and endpoint IPs are diagnostic facts. */
  redactIps?: boolean;
}

/** A string or JSON value with secrets replaced, and how many were replaced. */
export interface Redacted<T> {
  value: T;
  redactions: number;
}

export interface Redactor {
  /** Redact secrets in free text (formatted tool output, log lines, event messages). */
  redactText(text: string): Redacted<string>;
  /** Redact a JSON-like value: every string, plus values of secret-named keys and `{ name, value }` env pairs. */
  redactValue<T>(value: T): Redacted<T>;
}

/**
 * Names whose values are secrets: env vars, config keys, JSON fields. `KEY` only counts as a
 * whole word (`API_KEY`, `key`), so `KEYSPACE` or `MONKEY_MODE` stay readable.
 */
const SECRET_NAME = /(passw|passphrase|(^|[_.-])pass$|(^|[_.-])pwd$|token|secret|credential|api[_.-]?key|access[_.-]?key|private[_.-]?key|(^|[_.-])key$|^key[_.-]|auth[_.-]?(token|key|header)|session[_.-]?id|cookie|signing|encryption[_.-]?key|client[_.-]?secret|dsn$)/i;

/**
 * JSON keys that name a secret-ish thing without holding its value (`secretName`, `secretKeyRef`,
 * `key`): a Kubernetes object is full of these and redacting them would hide the diagnosis.
 */
const STRUCTURAL_KEY = /^(key|keys|name|kind)$|[a-z](Name|Ref|Refs|Keys)$/;

/** In free text only camelCase reference fields (`secretName: db-creds`) are spared. */
const STRUCTURAL_SUFFIX = /[a-z](Name|Ref|Refs|Keys)$/;

/** True when a variable or field with this name holds a secret value. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

interface TextRule {
  name: string;
  regex: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const whole = () => REDACTED;

/** Built-in rules, most specific first so a later rule never sees half of an earlier match. */
const BUILT_IN_RULES: readonly TextRule[] = [
  {
    name: "private-key",
    regex: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g,
    replace: whole,
  },
  { name: "jwt", regex: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: whole },
  {
    name: "authorization-scheme",
    regex: /\b(Bearer|Basic|Token)(\s+)(?!\[REDACTED\])([A-Za-z0-9\-._~+/]{8,}=*)/g,
    replace: (_m, scheme, space) => `${scheme}${space}${REDACTED}`,
  },
  {
    name: "url-credentials",
    regex: /\b([a-z][a-z0-9+.-]*:\/\/)(?!\[REDACTED\])[^\s:/@'"]*:[^\s@/'"]+@/gi,
    replace: (_m, scheme) => `${scheme}${REDACTED}@`,
  },
  { name: "aws-access-key-id", regex: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b/g, replace: whole },
  { name: "github-token", regex: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, replace: whole },
  { name: "slack-token", regex: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, replace: whole },
  {
    // NAME=value, NAME: value, "name": "value" where NAME looks secret (env dumps, config files, logs).
    name: "secret-assignment",
    // The lookbehind anchors names at a token start and the length cap bounds backtracking, so a
    // long base64 blob costs linear time, not quadratic.
    regex: /(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]{0,79})(["']?[ \t]*[:=][ \t]*["']?)([^\s"',;&}\]]+)/g,
    replace: (match, name, separator, value) => (isSecretName(name) && !STRUCTURAL_SUFFIX.test(name) && !value.startsWith("[REDACTED") ? `${name}${separator}${REDACTED}` : match),
  },
];

const EMAIL_RULE: TextRule = { name: "email", regex: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, replace: whole };
const IPV4_RULE: TextRule = { name: "ipv4", regex: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g, replace: whole };

function globalCopy(regex: RegExp): RegExp {
  return new RegExp(regex.source, regex.flags.includes("g") ? regex.flags : `${regex.flags}g`);
}

/** Builds a redactor; the rules are fixed at creation so one redactor gives stable counts. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const rules: TextRule[] = [
    ...BUILT_IN_RULES,
    ...(options.patterns ?? []).map((p) => ({ name: p.name, regex: globalCopy(p.regex), replace: whole })),
    ...(options.redactEmails ? [EMAIL_RULE] : []),
    ...(options.redactIps ? [IPV4_RULE] : []),
  ];

  function redactText(text: string): Redacted<string> {
    let redactions = 0;
    let out = text;
    for (const rule of rules) {
      rule.regex.lastIndex = 0;
      out = out.replace(rule.regex, (match: string, ...rest: unknown[]) => {
        const groups = rest.filter((g): g is string => typeof g === "string");
        const replaced = rule.replace(match, ...groups);
        // A rule that leaves the match alone (a non-secret assignment) is not a redaction.
        if (replaced !== match) redactions += 1;
        return replaced;
      });
    }
    return { value: out, redactions };
  }

  function walk(value: unknown, counter: { n: number }): unknown {
    if (typeof value === "string") {
      const r = redactText(value);
      counter.n += r.redactions;
      return r.value;
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, counter));
    if (value === null || typeof value !== "object") return value;
    if (value instanceof Date) return value;
    const record = value as Record<string, unknown>;
    // `{ name: "DB_PASSWORD", value: "..." }` is how Kubernetes writes env vars.
    const envPairSecret = typeof record.name === "string" && typeof record.value === "string" && isSecretName(record.name) && record.value !== REDACTED;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) {
      if (key === "value" && envPairSecret) {
        counter.n += 1;
        out[key] = REDACTED;
      } else if (typeof child === "string" && child !== REDACTED && child.length > 0 && !STRUCTURAL_KEY.test(key) && isSecretName(key)) {
        counter.n += 1;
        out[key] = REDACTED;
      } else {
        out[key] = walk(child, counter);
      }
    }
    return out;
  }

  return {
    redactText,
    redactValue<T>(value: T): Redacted<T> {
      const counter = { n: 0 };
      const out = walk(value, counter) as T;
      return { value: out, redactions: counter.n };
    },
  };
}

/** The redactor tools use unless the caller configures another: secrets only, no e-mails or IPs. */
export const DEFAULT_TOOL_REDACTOR: Redactor = createRedactor();
