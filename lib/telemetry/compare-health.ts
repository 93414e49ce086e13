/**
 * The TNR verdict (DESIGN.md, "Health and TNR"): a transaction commits only if
 *   H_after(target) ≥ H_before(target) − tolerance, and
 *   no other service in the namespace lost more than the tolerance (H_before − H_after ≤ tolerance).
 * The target is a service, or the namespace itself (its aggregate H) when no service is named.
 */
import type { HealthMeasurement } from "./measure-health";

/** Options of `compareHealth`. */
export interface CompareHealthOptions {
  /** Health points a score may lose and still count as no regression (e.g. 5). */
  tolerance: number;
  /** The service the transaction targets; omitted = the namespace as a whole. */
  target?: string;
}

/** The verdict and why, one reason per service judged, with the numbers. */
export interface HealthComparison {
  verdict: "commit" | "abort";
  reasons: string[];
  /** H deltas (after − before) by service, and for the namespace. */
  deltas: { namespace: number; services: Record<string, number> };
}

/** Slack for floating-point noise: a drop of exactly `tolerance` must still commit. */
const EPSILON = 1e-9;

const fmt = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
const signed = (x: number) => `${x >= 0 ? "+" : ""}${fmt(x)}`;

/** Judge a transaction by the health before and after it. Pure. */
export function compareHealth(before: HealthMeasurement, after: HealthMeasurement, options: CompareHealthOptions): HealthComparison {
  const { tolerance, target } = options;
  if (!(tolerance >= 0) || !Number.isFinite(tolerance)) throw new RangeError(`tolerance must be a finite number >= 0, got ${tolerance}`);
  const reasons: string[] = [];
  let abort = false;
  if (before.namespace !== after.namespace) {
    return { verdict: "abort", reasons: [`measurements are of different namespaces (${before.namespace} before, ${after.namespace} after)`], deltas: { namespace: 0, services: {} } };
  }
  const afterByService = new Map(after.services.map((s) => [s.service, s]));
  const deltas: HealthComparison["deltas"] = { namespace: after.score - before.score, services: {} };

  // The target first, so the first reason is the one an operator looks for.
  const targetLabel = target === undefined ? `namespace ${before.namespace}` : `target ${target}`;
  const targetBefore = target === undefined ? before.score : before.services.find((s) => s.service === target)?.score;
  const targetAfter = target === undefined ? after.score : afterByService.get(target)?.score;
  if (targetBefore === undefined || targetAfter === undefined) {
    abort = true;
    reasons.push(`${targetLabel}: not measured ${targetBefore === undefined ? "before" : "after"} the transaction`);
  } else {
    const ok = targetAfter >= targetBefore - tolerance - EPSILON;
    if (!ok) abort = true;
    reasons.push(`${targetLabel}: H ${fmt(targetBefore)} → ${fmt(targetAfter)} (${signed(targetAfter - targetBefore)}) ${ok ? "within" : "regressed beyond"} tolerance ${fmt(tolerance)}`);
  }

  for (const previous of before.services) {
    const current = afterByService.get(previous.service);
    if (!current) {
      if (previous.service !== target) {
        abort = true;
        reasons.push(`${previous.service}: measured before but not after the transaction`);
      }
      continue;
    }
    const delta = current.score - previous.score;
    deltas.services[previous.service] = delta;
    if (previous.service === target) continue;
    if (-delta > tolerance + EPSILON) {
      abort = true;
      const why = current.parts.findings.length ? ` [${current.parts.findings.join("; ")}]` : "";
      reasons.push(`${previous.service}: H ${fmt(previous.score)} → ${fmt(current.score)} (${signed(delta)}) lost more than tolerance ${fmt(tolerance)}${why}`);
    }
  }
  if (!abort) reasons.push(`no other service in ${before.namespace} lost more than ${fmt(tolerance)}`);
  return { verdict: abort ? "abort" : "commit", reasons, deltas };
}
