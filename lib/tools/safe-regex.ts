/**
 * Compiling a model-supplied grep pattern without handing it a ReDoS: the pattern is short,
 * has no backreferences or lookarounds, and no quantified group that itself contains a
 * quantifier (`(a+)+`, `(\w*)*`), the shapes behind catastrophic backtracking. Lines are also
 * clipped before matching, so the input size is bounded too.
 */

/** Longest pattern accepted. */
export const MAX_PATTERN_LENGTH = 200;

/** A compiled pattern, or why it was refused. */
export type SafeRegexResult = { ok: true; regex: RegExp } | { ok: false; reason: string };

/** Case-insensitive regex from a model's pattern, or a reason the model can fix. */
export function compileSafeRegex(pattern: string): SafeRegexResult {
  if (pattern.length === 0) return { ok: false, reason: "must not be empty" };
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, reason: `must be at most ${MAX_PATTERN_LENGTH} characters` };
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: "backreferences are not allowed" };
  if (/\(\?<?[=!]/.test(pattern)) return { ok: false, reason: "lookarounds are not allowed" };
  // A group containing a quantifier, itself quantified: (x+)+ (x*){2,} (a|b+)*
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/.test(pattern)) return { ok: false, reason: "nested quantifiers like (a+)+ are not allowed" };
  try {
    return { ok: true, regex: new RegExp(pattern, "i") };
  } catch (error) {
    return { ok: false, reason: `invalid regular expression: ${error instanceof Error ? error.message : String(error)}` };
  }
}
