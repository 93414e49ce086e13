/**
 * Okapi BM25 over an in-memory inverted index. Built once from the chunks and queried many
 * times: posting lists keep (document, term frequency) pairs in typed arrays, so a query only
 * touches the documents that contain one of its terms (10,000 chunks answer in well under a
 * millisecond per term).
 */
import { tokenize } from "./tokenize";

/** Term-frequency saturation: how quickly repeats of a term stop adding score. */
export const BM25_K1 = 1.2;
/** Length normalisation: 0 ignores document length, 1 normalises fully. */
export const BM25_B = 0.75;

/** One document: an id and its text, optionally with fields weighted above the body. */
export interface Bm25Document {
  id: string;
  /** Main text. */
  text: string;
  /** Short text repeated `boost` times (titles, headings): a term there weighs more. */
  boosted?: string;
}

export interface Bm25IndexOptions {
  documents: readonly Bm25Document[];
  /** How many times `boosted` counts (default 3). */
  boost?: number;
  k1?: number;
  b?: number;
}

/** One hit: the document's id and its BM25 score. */
export interface Bm25Hit {
  id: string;
  score: number;
}

interface Postings {
  docs: Int32Array;
  freqs: Float32Array;
}

/** An immutable BM25 index; build a new one when the documents change. */
export class Bm25Index {
  readonly size: number;
  private readonly ids: string[];
  /** Per document: k1 x (1 - b + b x length / average length), precomputed for scoring. */
  private readonly norms: Float64Array;
  /** Score accumulator reused across queries (one query at a time: JavaScript is single-threaded). */
  private readonly scratch: Float64Array;
  private readonly postings = new Map<string, Postings>();
  private readonly k1: number;
  private readonly b: number;

  constructor(options: Bm25IndexOptions) {
    const boost = options.boost ?? 3;
    this.k1 = options.k1 ?? BM25_K1;
    this.b = options.b ?? BM25_B;
    this.ids = options.documents.map((d) => d.id);
    this.size = this.ids.length;
    const lengths = new Float64Array(this.size);
    const building = new Map<string, { docs: number[]; freqs: number[] }>();
    let totalLength = 0;
    options.documents.forEach((document, docIndex) => {
      const counts = new Map<string, number>();
      const add = (tokens: string[], weight: number) => {
        for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + weight);
      };
      const body = tokenize(document.text);
      const boosted = document.boosted ? tokenize(document.boosted) : [];
      add(body, 1);
      add(boosted, boost);
      const length = body.length + boosted.length * boost;
      lengths[docIndex] = length;
      totalLength += length;
      for (const [term, freq] of counts) {
        let list = building.get(term);
        if (!list) building.set(term, (list = { docs: [], freqs: [] }));
        list.docs.push(docIndex);
        list.freqs.push(freq);
      }
    });
    const averageLength = this.size > 0 ? totalLength / this.size : 1;
    this.norms = lengths.map((length) => this.k1 * (1 - this.b + (this.b * length) / (averageLength || 1)));
    this.scratch = new Float64Array(this.size);
    for (const [term, list] of building) this.postings.set(term, { docs: Int32Array.from(list.docs), freqs: Float32Array.from(list.freqs) });
  }

  /** Inverse document frequency (BM25+ style, never negative). */
  private idf(documentFrequency: number): number {
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** The `limit` best documents for `query`, best first; documents sharing no term are not returned. */
  search(query: string, limit: number): Bm25Hit[] {
    if (this.size === 0 || limit <= 0) return [];
    // A repeated query term counts once: queries built from alerts repeat the service name a lot.
    const terms = [...new Set(tokenize(query))];
    const scores = this.scratch;
    const touched: number[] = [];
    for (const term of terms) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const idf = this.idf(postings.docs.length);
      const { docs, freqs } = postings;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        const freq = freqs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += (idf * freq * (this.k1 + 1)) / (freq + this.norms[doc]!);
      }
    }
    const best = topK(touched, scores, limit);
    for (const doc of touched) scores[doc] = 0;
    return best.map(([doc, score]) => ({ id: this.ids[doc]!, score }));
  }
}

/**
 * The k highest-scoring documents, ties broken by the lower document index (deterministic). A
 * bounded insertion into a sorted array: k is small (tens), the candidates many (thousands).
 */
function topK(docs: readonly number[], scores: Float64Array, k: number): Array<[number, number]> {
  const best: Array<[number, number]> = [];
  const better = (a: [number, number], b: [number, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const doc of docs) {
    const entry: [number, number] = [doc, scores[doc]!];
    if (best.length === k && !better(entry, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length === k) best.pop();
    while (at > 0 && better(entry, best[at - 1]!)) at--;
    best.splice(at, 0, entry);
  }
  return best;
}
