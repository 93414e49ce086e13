/**
 * The redactor applied to everything sent to a model (on top of the tools' own secret
 * redaction): secrets always, plus e-mail addresses, IPv4 addresses and configured patterns
 * (customer ids, internal hostnames, tokens of a format the built-in rules do not know).
 */
import { createRedactor, type Redactor } from "../../tools/redact";

/** What is redacted besides secrets. */
export interface ModelRedactionOptions {
  /** Default true. */
  emails?: boolean;
  /** Default true. */
  ips?: boolean;
  /** Regular expressions (source text or RegExp); each match is replaced whole. */
  patterns?: readonly (string | RegExp)[];
}

/** A redactor for model input; defaults: secrets, e-mails and IPs. */
export function createModelRedactor(options: ModelRedactionOptions = {}): Redactor {
  return createRedactor({
    redactEmails: options.emails ?? true,
    redactIps: options.ips ?? true,
    patterns: (options.patterns ?? []).map((p, i) => ({ name: `configured-${i}`, regex: typeof p === "string" ? new RegExp(p, "g") : p })),
  });
}
