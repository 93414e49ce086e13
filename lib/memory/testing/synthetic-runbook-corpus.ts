/**
 * A deterministic synthetic corpus of runbook chunks for latency measurements: sentences built
 * from the vocabulary of the real starter runbooks and many invented service names, so posting
 * lists have realistic lengths (common words everywhere, service names rare).
 */
import { tokenize } from "../search/tokenize";
import type { IndexedChunk } from "../search/runbook-search-index";

/** A small seeded PRNG (mulberry32): the same corpus every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SECTIONS = ["Symptoms", "Diagnosis", "Mitigation", "Verification", "Escalation", "Triage"];

export interface SyntheticCorpusOptions {
  /** Chunks to generate. */
  count: number;
  /** Real chunks whose words seed the vocabulary. */
  seedChunks: readonly IndexedChunk[];
  seed?: number;
  /** Words per chunk (default 120, about a runbook section). */
  wordsPerChunk?: number;
}

/** `count` chunks, ids `synthetic-<n>`. */
export function syntheticRunbookCorpus({ count, seedChunks, seed = 42, wordsPerChunk = 120 }: SyntheticCorpusOptions): IndexedChunk[] {
  const random = rng(seed);
  const vocabulary = [...new Set(seedChunks.flatMap((c) => c.text.split(/\s+/)).filter((w) => w.length > 1 && tokenize(w).length > 0))];
  const services = Array.from({ length: 400 }, (_, i) => `svc-${["orders", "billing", "search", "auth", "inventory", "media", "ledger", "gateway"][i % 8]}-${i}`);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const service = pick(services);
    const section = pick(SECTIONS);
    const words = Array.from({ length: wordsPerChunk }, () => (random() < 0.05 ? service : pick(vocabulary)));
    return {
      id: `synthetic-${i}`,
      runbookSlug: `synthetic/${service}-${Math.floor(i / 6)}`,
      runbookTitle: `${service} ${pick(vocabulary)} ${pick(vocabulary)}`,
      section: `${service} > ${section}`,
      anchor: section.toLowerCase(),
      text: `## ${section}\n${words.join(" ")}`,
    };
  });
}

/** The p-th percentile (0..100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
