/**
 * The live values of every metric the simulated shop exposes, keyed the way Prometheus
 * identifies a series (`name{label="value",...}`). `/metrics` renders it and the sampler copies
 * it into the time-series ring, so both always show the same numbers.
 */

export type MetricType = "counter" | "gauge" | "histogram";

/** A metric family: one HELP/TYPE block in the exposition. */
export interface MetricFamilyInfo {
  name: string;
  type: MetricType;
  help: string;
  /**
   * Counts of whole events (requests, bucket observations): exposed rounded down, so that
   * aggregate fractional rates still read as integers, as a real client library's counters do.
   */
  integral?: boolean;
}

/** One series of a family (`sample` is the family name plus `_bucket`/`_sum`/`_count` for histograms). */
export interface MetricSeries {
  key: string;
  family: string;
  sample: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Escapes a label value as the text format requires (backslash, double quote, newline). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

/** `name{a="1",b="2"}` with labels in the given order (callers keep a fixed order per family). */
export function seriesKey(sample: string, labels: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(labels)) parts.push(`${name}="${escapeLabelValue(value)}"`);
  return parts.length > 0 ? `${sample}{${parts.join(",")}}` : sample;
}

/** Live metric values. */
export class MetricRegistry {
  private readonly families = new Map<string, MetricFamilyInfo>();
  private readonly series = new Map<string, Map<string, MetricSeries>>();

  /** Declare a family (idempotent). */
  define(info: MetricFamilyInfo): void {
    if (!this.families.has(info.name)) {
      this.families.set(info.name, info);
      this.series.set(info.name, new Map());
    }
  }

  private seriesFor(family: string, sample: string, labels: Readonly<Record<string, string>>): MetricSeries {
    const table = this.series.get(family);
    if (!table) throw new Error(`metric family ${family} is not defined`);
    const key = seriesKey(sample, labels);
    let entry = table.get(key);
    if (!entry) {
      entry = { key, family, sample, labels: { ...labels }, value: 0 };
      table.set(key, entry);
    }
    return entry;
  }

  /** Set a gauge (or a counter read from elsewhere, like restart counts). */
  set(family: string, labels: Readonly<Record<string, string>>, value: number, sample = family): void {
    this.seriesFor(family, sample, labels).value = value;
  }

  /** Add to a counter. */
  add(family: string, labels: Readonly<Record<string, string>>, delta: number, sample = family): void {
    if (delta === 0) {
      this.seriesFor(family, sample, labels);
      return;
    }
    this.seriesFor(family, sample, labels).value += delta;
  }

  /** Drop the series of a family that `keep` rejects (objects that no longer exist). */
  retain(family: string, keep: (series: MetricSeries) => boolean): void {
    const table = this.series.get(family);
    if (!table) return;
    for (const [key, entry] of table) if (!keep(entry)) table.delete(key);
  }

  familyInfo(name: string): MetricFamilyInfo | undefined {
    return this.families.get(name);
  }

  /** Families sorted by name, each with its series in insertion order. */
  *familiesWithSeries(): Generator<{ info: MetricFamilyInfo; series: MetricSeries[] }> {
    for (const name of [...this.families.keys()].sort()) {
      yield { info: this.families.get(name)!, series: [...(this.series.get(name)?.values() ?? [])] };
    }
  }

  /** The value as exposed (whole-event counters rounded down). */
  exposedValue(series: MetricSeries): number {
    return this.families.get(series.family)?.integral ? Math.floor(series.value + 1e-9) : series.value;
  }
}
