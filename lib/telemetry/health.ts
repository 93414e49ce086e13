/**
 * The health function H in [0, 100] of a service and of a namespace, with every part returned so
 * the UI and the TNR record can show why a score is what it is.
 *
 * ─── Service health ─────────────────────────────────────────────────────────────────────────
 * Inputs over the rate window w (default 60 s) ending at the measured instant:
 *   r   request rate (req/s)                     e   5xx error ratio
 *   p99 99th percentile latency                  ready, desired   Deployment replicas
 *   u   pods not Ready (pending, crash-looping, failing probes), n = max(desired, pods)
 *   SLO: e_slo (default 1 %), L_slo (p99, default 500 ms), a_slo (availability, default 99 %)
 *
 * Traffic state: "missing" if the service is expected to serve (`expectsTraffic`) and r < r_min
 * (0.001 req/s); "idle" if it is not expected to and r < r_min; "serving" otherwise.
 *
 *   availability A = min(ready / desired, 1 − e)        (either term left out when unknown;
 *                                                        desired = 0 counts as 0 when traffic is expected)
 *   S_avail = min(1, A / a_slo) ^ 0.5
 *   S_err   = 1                                   if e ≤ e_slo + 1 / (r · w)
 *           = 2 ^ −((e − e_slo − 1/(r·w)) / (2 · e_slo))    otherwise  (halves every 2 SLOs of excess)
 *           = 0                                   if traffic is "missing"
 *   S_lat   = 1                                   if p99 ≤ L_slo
 *           = 2 ^ −(p99 / L_slo − 1)              otherwise  (halves every SLO of excess)
 *   S_pods  = 1 − 0.5 · u / n                     (1 when n = 0)
 *
 *   H = 100 · S_avail · S_err · S_lat · S_pods
 *
 * Why this shape:
 * - A product: any one failing dimension drags H to 0 (a service refusing every request is down
 *   however fast its pods are), yet every dimension stays visible, so a mitigation that trades
 *   errors for latency shows up in H. A min() would hide the second problem, which TNR's
 *   "no regression elsewhere" needs to see.
 * - Errors and latency decay exponentially past their SLO instead of hitting 0 at a cut-off, so
 *   10 % → 30 % errors is still a visible regression (3 % errors with a 1 % SLO = 50).
 * - One failed request is not a trend: the error allowance 1 / (r · w) forgives a single error in
 *   the window, so a 1 req/s service with one stray 5xx in 60 s (1.6 %) is not scored as burning
 *   its 1 % budget; with real traffic the allowance vanishes (20 req/s: 0.08 %).
 * - Availability is the gentlest term (square root, relative to the SLO): one of two replicas
 *   down while the other serves is a warning (≈71), not an outage; error burn is what users feel
 *   and is scored by S_err. The success ratio 1 − e also enters A, so errors count a little twice,
 *   at most a factor √((1 − e)/a_slo) on top of S_err: small where S_err is still high.
 * - S_pods never goes below 0.5 by itself: it catches bad pods that cost no capacity yet (a
 *   rollout stuck on ImagePullBackOff while the old pods serve); lost capacity is S_avail's job.
 * - Unknown inputs (no histogram, no Deployment) score 1 and are named in `findings`: absence of
 *   a metric is not evidence of harm, except traffic itself, which is the "missing" rule.
 * Monotonic: lower ready, higher e, higher p99, more unhealthy pods, or traffic vanishing from a
 * service that expects it never raise H (checked over a grid in health.test.ts).
 *
 * ─── Namespace health ───────────────────────────────────────────────────────────────────────
 *   H_ns = ½ · min_s H_s + ½ · mean_s H_s        (100 for a namespace with no services)
 * The min makes one dead service visible at the namespace level (a shop with checkout down is not
 * "92 % healthy"); the mean makes breadth count (three broken services are worse than one).
 * Services weigh equally, not by traffic, because a fault that stops a service's traffic (a wrong
 * Service targetPort) would otherwise erase it from a traffic-weighted average.
 */
import { resolveSlo, type Slo, type SloConfig } from "./slo";
import type { PodHealth } from "./types";

/** The constants of the formula above; override only with a reason (and re-run the tests). */
export interface HealthTuning {
  /** Exponent of the availability score (0.5: losing half the replicas gives ≈ 0.71). */
  availabilityExponent: number;
  /** SLO multiples of excess error ratio that halve the error score. */
  errorHalfLifeSlos: number;
  /** SLO multiples of excess p99 that halve the latency score. */
  latencyHalfLifeSlos: number;
  /** Score lost when every pod is unhealthy (the pod score's floor is 1 − this). */
  podPenalty: number;
  /** Below this many requests per second a service has no traffic. */
  minRequestRate: number;
}

/** The documented defaults. */
export const DEFAULT_HEALTH_TUNING: Readonly<HealthTuning> = Object.freeze({
  availabilityExponent: 0.5,
  errorHalfLifeSlos: 2,
  latencyHalfLifeSlos: 1,
  podPenalty: 0.5,
  minRequestRate: 0.001,
});

/** What was measured for one service (null = no data). */
export interface ServiceHealthInputs {
  /** Requests per second over the window. */
  requestRate: number | null;
  /** Share of requests answered 5xx, 0..1. */
  errorRatio: number | null;
  /** p99 latency in seconds. */
  latencyP99Seconds: number | null;
  /** Available / desired replicas from the `availability` metric, used when `pods` is unknown. */
  replicaAvailability: number | null;
  pods: PodHealth | null;
  /** The service normally has traffic (so none now is an outage, not idleness). */
  expectsTraffic: boolean;
  /** Rate window the inputs were measured over, in seconds (default 60); sizes the one-error allowance. */
  windowSeconds?: number;
}

/** Component scores, each in [0, 1]. */
export interface HealthScores {
  availability: number;
  errors: number;
  latency: number;
  pods: number;
}

/** Everything that went into one service's H. */
export interface ServiceHealthParts {
  availability: {
    /** min(replicas, requests), the value scored; null when neither is known. */
    value: number | null;
    /** ready / desired replicas. */
    replicas: number | null;
    /** 1 − error ratio. */
    requests: number | null;
  };
  errorRatio: number | null;
  latencyP99Ms: number | null;
  unhealthyPods: { count: number; of: number; pending: number; crashLooping: number; waitingReasons: Record<string, number> };
  requestRate: number | null;
  traffic: "serving" | "idle" | "missing";
  slo: Slo;
  scores: HealthScores;
  /** The lowest component below 1, or null when all are 1. */
  limitedBy: keyof HealthScores | null;
  /** One sentence per degraded or unknown input, for the UI and the incident log. */
  findings: string[];
}

/** One service's health. */
export interface ServiceHealth {
  service: string;
  /** H in [0, 100]. */
  score: number;
  parts: ServiceHealthParts;
}

/** A namespace's health. */
export interface NamespaceHealth {
  score: number;
  /** Lowest service score (100 when there are none). */
  min: number;
  mean: number;
  /** Service with the lowest score, or null. */
  worst: string | null;
}

/** Options of `scoreServiceHealth`. */
export interface ScoreServiceHealthOptions {
  service: string;
  inputs: ServiceHealthInputs;
  slos?: SloConfig;
  tuning?: Partial<HealthTuning>;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number) => `${round(x * 100, 2)}%`;

/** Score one service. Pure. */
export function scoreServiceHealth({ service, inputs, slos, tuning: tuningOverrides }: ScoreServiceHealthOptions): ServiceHealth {
  const tuning = { ...DEFAULT_HEALTH_TUNING, ...tuningOverrides };
  const slo = resolveSlo(service, slos);
  const findings: string[] = [];

  const rate = inputs.requestRate;
  const hasTraffic = rate !== null && rate >= tuning.minRequestRate;
  const traffic = hasTraffic ? "serving" : inputs.expectsTraffic ? "missing" : "idle";
  if (traffic === "missing") findings.push(`no traffic: ${rate === null ? "no request data" : `${round(rate, 4)} req/s`} but the service normally serves requests`);

  // Replicas: the pods' Deployment when known, else the availability metric.
  const pods = inputs.pods;
  let replicas: number | null = null;
  if (pods && pods.desiredReplicas !== null) {
    if (pods.desiredReplicas > 0) replicas = clamp01((pods.availableReplicas ?? 0) / pods.desiredReplicas);
    else if (inputs.expectsTraffic) replicas = 0;
    if (pods.desiredReplicas === 0) findings.push(inputs.expectsTraffic ? "scaled to 0 replicas while it is expected to serve" : "scaled to 0 replicas (idle)");
    else if (replicas !== null && replicas < 1) findings.push(`${pods.availableReplicas ?? 0}/${pods.desiredReplicas} replicas available`);
  } else if (inputs.replicaAvailability !== null) {
    replicas = clamp01(inputs.replicaAvailability);
    if (replicas < 1) findings.push(`${pct(replicas)} of replicas available`);
  } else findings.push("replica availability unknown (no Deployment metrics)");

  const errorRatio = hasTraffic && inputs.errorRatio !== null ? clamp01(inputs.errorRatio) : null;
  const requests = errorRatio === null ? null : 1 - errorRatio;
  const known = [replicas, requests].filter((v): v is number => v !== null);
  const availability = known.length ? Math.min(...known) : null;
  const availabilityScore = availability === null ? 1 : clamp01(availability / slo.availability) ** tuning.availabilityExponent;

  let errorScore = 1;
  if (traffic === "missing") errorScore = 0;
  else if (hasTraffic && inputs.errorRatio === null) findings.push("error ratio unknown");
  else if (errorRatio !== null && rate !== null && errorRatio > slo.errorRatio + 1 / (rate * (inputs.windowSeconds ?? 60))) {
    const excess = errorRatio - slo.errorRatio - 1 / (rate * (inputs.windowSeconds ?? 60));
    errorScore = 2 ** -(excess / (tuning.errorHalfLifeSlos * slo.errorRatio));
    findings.push(`error ratio ${pct(errorRatio)} above its SLO of ${pct(slo.errorRatio)}`);
  }

  const latencyP99Ms = hasTraffic && inputs.latencyP99Seconds !== null ? inputs.latencyP99Seconds * 1000 : null;
  let latencyScore = 1;
  if (hasTraffic && latencyP99Ms === null) findings.push("p99 latency unknown");
  else if (latencyP99Ms !== null && latencyP99Ms > slo.p99Ms) {
    latencyScore = 2 ** -((latencyP99Ms / slo.p99Ms - 1) / tuning.latencyHalfLifeSlos);
    findings.push(`p99 latency ${round(latencyP99Ms, 1)} ms above its SLO of ${slo.p99Ms} ms`);
  }

  const podCount = Math.max(pods?.desiredReplicas ?? 0, pods?.pods ?? 0);
  const unhealthy = Math.min(pods?.notReady ?? 0, podCount);
  const podScore = podCount === 0 ? 1 : 1 - tuning.podPenalty * (unhealthy / podCount);
  if (unhealthy > 0 && pods) {
    const reasons = Object.entries(pods.waitingReasons).map(([reason, count]) => `${count}× ${reason}`);
    findings.push(`${unhealthy}/${podCount} pods not ready${pods.pending ? `, ${pods.pending} pending` : ""}${reasons.length ? ` (${reasons.join(", ")})` : ""}`);
  }

  const scores: HealthScores = { availability: round(availabilityScore, 4), errors: round(errorScore, 4), latency: round(latencyScore, 4), pods: round(podScore, 4) };
  // On a tie (say both 0), name the cause: errors when availability is low only because requests fail.
  const availabilityFromReplicas = replicas !== null && (requests === null || replicas < requests);
  const order: (keyof HealthScores)[] = availabilityFromReplicas ? ["availability", "errors", "latency", "pods"] : ["errors", "availability", "latency", "pods"];
  let limitedBy: keyof HealthScores | null = null;
  for (const key of order) if (scores[key] < 1 && (limitedBy === null || scores[key] < scores[limitedBy])) limitedBy = key;

  return {
    service,
    score: round(100 * availabilityScore * errorScore * latencyScore * podScore, 2),
    parts: {
      availability: { value: availability, replicas, requests },
      errorRatio,
      latencyP99Ms: latencyP99Ms === null ? null : round(latencyP99Ms, 3),
      unhealthyPods: { count: unhealthy, of: podCount, pending: pods?.pending ?? 0, crashLooping: pods?.crashLooping ?? 0, waitingReasons: { ...pods?.waitingReasons } },
      requestRate: rate,
      traffic,
      slo,
      scores,
      limitedBy,
      findings,
    },
  };
}

/** Aggregate service scores into the namespace's H (formula above). Pure. */
export function scoreNamespaceHealth(services: readonly Pick<ServiceHealth, "service" | "score">[]): NamespaceHealth {
  if (services.length === 0) return { score: 100, min: 100, mean: 100, worst: null };
  let worst = services[0]!;
  let sum = 0;
  for (const s of services) {
    sum += s.score;
    if (s.score < worst.score) worst = s;
  }
  const mean = sum / services.length;
  return { score: round(0.5 * worst.score + 0.5 * mean, 2), min: worst.score, mean: round(mean, 2), worst: worst.service };
}
