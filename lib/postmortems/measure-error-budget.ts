import "server-only";
/**
 * Error budget burned by an incident, from telemetry.
 *
 * For each affected service over the impact window [start, end]:
 *   total = Σ request_rate(t) · step          bad = Σ request_rate(t) · error_ratio(t) · step
 * over the grid t = start + step, start + 2·step, ... <= end, each point a rate over the `step`
 * seconds before it, so consecutive points partition the window (no double counting).
 *   budgetBurned       = bad / (total · (1 − SLO target))   with 1 − target = the SLO's errorRatio
 *                        i.e. multiples of the error budget the window itself allowed (its average
 *                        burn rate: 1 = exactly on budget, 14.4 = the classic page-worthy rate)
 *   shareOf30DayBudget = budgetBurned · window / 30 days    an estimate that assumes the window's
 *                        request rate is typical of the month
 * Gaps (null points) are skipped; a service with no data or no traffic gets a note instead of a
 * number. A failing source makes the whole result "unknown" with the reason: a postmortem must not
 * present a guess as a measurement.
 */
import { resolveSlo, type SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import type { ErrorBudget, ServiceErrorBudget } from "./postmortem-facts";

/** Most points per series: long incidents get a coarser step instead of huge queries. */
export const MAX_BUDGET_POINTS = 500;
/** Finest step (seconds): Prometheus rate() needs a few scrapes per window; the simulator samples every 10 s. */
export const MIN_BUDGET_STEP_SECONDS = 60;
const THIRTY_DAYS_SECONDS = 30 * 86_400;

export interface MeasureErrorBudgetOptions {
  metrics: MetricsSource;
  namespace: string;
  services: readonly string[];
  start: Date;
  end: Date;
  slos?: SloConfig;
  signal?: AbortSignal;
}

/** The grid step for a window: at least `MIN_BUDGET_STEP_SECONDS`, at most `MAX_BUDGET_POINTS` points. */
export function budgetStepSeconds(windowSeconds: number): number {
  return Math.max(MIN_BUDGET_STEP_SECONDS, Math.ceil(windowSeconds / MAX_BUDGET_POINTS));
}

/** Integrates request and error rates of each service over the window (see the formula above). */
export async function measureErrorBudget(options: MeasureErrorBudgetOptions): Promise<ErrorBudget> {
  const { metrics, namespace, start, end } = options;
  const windowSeconds = Math.floor((end.getTime() - start.getTime()) / 1000);
  if (options.services.length === 0) return { status: "unknown", reason: "no affected service is known (the alerts name none)" };
  const step = budgetStepSeconds(windowSeconds);
  if (windowSeconds < step) {
    return { status: "unknown", reason: `the impact window (${windowSeconds} s) is shorter than one measurement step (${step} s)` };
  }
  // The first point covers (start, start + step]; the last one ends at or before `end`.
  const gridStart = new Date(start.getTime() + step * 1000);
  const gridEnd = new Date(gridStart.getTime() + Math.floor((end.getTime() - gridStart.getTime()) / (step * 1000)) * step * 1000);
  const range = { namespace, start: gridStart, end: gridEnd, stepSeconds: step, windowSeconds: step, ...(options.signal ? { signal: options.signal } : {}) };
  try {
    const services: ServiceErrorBudget[] = [];
    for (const service of [...new Set(options.services)].sort()) {
      const [rates, errors] = await Promise.all([
        metrics.serviceSeries({ ...range, service, metric: "request_rate" }),
        metrics.serviceSeries({ ...range, service, metric: "error_ratio" }),
      ]);
      const errorAt = new Map(errors.points.map(([t, v]) => [t, v]));
      const sloErrorRatio = resolveSlo(service, options.slos).errorRatio;
      let total = 0;
      let bad = 0;
      let points = 0;
      for (const [t, rate] of rates.points) {
        if (rate === null) continue;
        points++;
        total += rate * step;
        // A rate with no error ratio (no 5xx series yet) counts as no errors: absence is not harm.
        bad += rate * (errorAt.get(t) ?? 0) * step;
      }
      const round = (n: number) => Math.round(n);
      if (points === 0) {
        services.push({ service, sloErrorRatio, totalRequests: null, badRequests: null, budgetBurned: null, shareOf30DayBudget: null, note: "no request data in the window" });
      } else if (total < 1) {
        services.push({ service, sloErrorRatio, totalRequests: round(total), badRequests: round(bad), budgetBurned: null, shareOf30DayBudget: null, note: "no traffic reached the service in the window" });
      } else {
        const budgetBurned = bad / (total * sloErrorRatio);
        services.push({
          service,
          sloErrorRatio,
          totalRequests: round(total),
          badRequests: round(bad),
          budgetBurned,
          shareOf30DayBudget: (budgetBurned * windowSeconds) / THIRTY_DAYS_SECONDS,
          note: null,
        });
      }
    }
    return { status: "measured", source: metrics.kind, windowStart: start.toISOString(), windowEnd: end.toISOString(), stepSeconds: step, services };
  } catch (error) {
    return { status: "unknown", reason: `the ${metrics.kind} metrics source failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
