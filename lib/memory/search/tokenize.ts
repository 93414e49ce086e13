/**
 * The tokenizer BM25 indexes and queries with. SRE text mixes prose with identifiers, so one
 * identifier yields its whole form and its parts: `product-catalog` -> product-catalog, product,
 * catalog; `HighErrorRatio` -> higherrorratio, high, error, ratio; `ORDER_CONFIRMATION` ->
 * order_confirmation, order, confirmation. A query for either spelling then meets the document.
 */

/** Words too common in English and in runbooks to tell passages apart. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been but by can could did do does for from has have how if in into is it its " +
    "may might no not of on or our should so than that the their them then there these they this those " +
    "to too was we were what when where which while who why will with would you your i me my"
  ).split(" "),
);

/** Tokens longer than this are ids or hashes (trace ids, digests) and are dropped. */
const MAX_TOKEN_LENGTH = 48;

// Runs of letters, digits and the joiners that hold identifiers together (a-b, a_b, a.b, a/b, a:b).
// Letters are listed by range rather than \p{L}: V8 runs a non-unicode regex about three times
// faster, and index builds tokenize millions of words. The ranges cover Latin, Greek, Cyrillic
// and the other alphabets and CJK, and leave out punctuation blocks (dashes, quotes, arrows).
const LETTER = "A-Za-z0-9\\u00C0-\\u024F\\u0370-\\u1FFF\\u2C00-\\u2DFF\\u3040-\\uD7FF\\uF900-\\uFFEF";
const WORD = new RegExp(`[${LETTER}]+(?:[-_./:][${LETTER}]+)*`, "g");
const PLAIN_WORD = /^[A-Za-z][a-z]*$/;
// Split points of a CamelCase word: lower->Upper, and the end of an acronym (HTTPServer -> HTTP Server).
const CAMEL_BOUNDARY = /(?<=[\p{Ll}\p{N}])(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})/u;

function keep(token: string): boolean {
  return token.length > 0 && token.length <= MAX_TOKEN_LENGTH && !STOP_WORDS.has(token);
}

/**
 * A crude English stemmer for plurals and common verb endings, so "pods"/"pod", "restarts"/
 * "restart" and "refused"/"refuse" meet; identifiers with digits are left alone.
 */
export function stemToken(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  if (token.endsWith("ies") && token.length > 4) return `${token.slice(0, -3)}y`;
  if (token.endsWith("sses")) return token.slice(0, -2);
  if (token.endsWith("ing") && token.length > 5) return token.slice(0, -3);
  if (token.endsWith("ed") && token.length > 4) return token.slice(0, -2);
  // "fire"/"fired"/"fires" and "refuse"/"refused" must meet: a final e is dropped everywhere.
  if (token.endsWith("es") && /(?:ss|x|ch|sh)es$/.test(token)) return token.slice(0, -2);
  if (token.endsWith("s") && !token.endsWith("ss") && !token.endsWith("us") && !token.endsWith("is")) return dropFinalE(token.slice(0, -1));
  return dropFinalE(token);
}

function dropFinalE(token: string): string {
  return token.length > 3 && token.endsWith("e") && !token.endsWith("ee") ? token.slice(0, -1) : token;
}

/** Tokens of `text`, in order, with repeats (BM25 counts term frequency). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  // `match` with /g returns plain strings: far cheaper than matchAll's match objects.
  for (const word of text.match(WORD) ?? []) {
    // Fast path: most words of prose are plain lowercase and need no splitting.
    if (PLAIN_WORD.test(word)) {
      const lower = word.toLowerCase();
      if (keep(lower)) out.push(stemToken(lower));
      continue;
    }
    const parts = word.split(/[-_./:]/).flatMap((part) => part.split(CAMEL_BOUNDARY));
    const whole = word.toLowerCase();
    // The whole identifier is a token of its own (higherrorratio, product-catalog), so an exact
    // name outranks a passage that merely mentions its parts.
    if (parts.length > 1 && keep(whole)) out.push(whole);
    for (const part of parts) {
      const lower = part.toLowerCase();
      if (keep(lower)) out.push(stemToken(lower));
    }
  }
  return out;
}
