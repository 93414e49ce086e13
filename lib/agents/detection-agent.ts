/**
 * The detection agent (rules reasoner): confirms from telemetry that the alerting services are
 * failing now, or closes the incident as noise — a blip that already recovered, a flapping rule,
 * or nothing abnormal at all. Reads metrics only; writes nothing.
 */
import { SEVERITY_RANK, type Severity } from "../alerts/types";
import { abnormalities, ERROR_RATIO_ABNORMAL, pct, readService, recentErrorRatios, secs, type ServiceReading } from "../reasoning/rules/service-telemetry";
import type { AgentContext } from "./agent-context";
import type { Evidence } from "./agent-schemas";
import { detectionInputSchema, detectionOutputSchema, type DetectionInput, type DetectionOutput } from "./detection-schema";

/** Services checked at most (an alert storm must not turn into hundreds of queries). */
export const MAX_DETECTION_SERVICES = 12;
/** Error ratio at or above which the severity is critical whatever the alerts said. */
export const CRITICAL_ERROR_RATIO = 0.25;
/** Threshold crossings in the recent window that make a recovered series "flapping" rather than a blip. */
export const FLAP_CROSSINGS = 3;

function maxSeverity(values: Severity[]): Severity {
  return values.reduce<Severity>((worst, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[worst] ? s : worst), "info");
}

function crossings(series: (number | null)[]): { abnormalPoints: number; crossings: number } {
  let abnormalPoints = 0;
  let count = 0;
  let previous: boolean | undefined;
  for (const value of series) {
    if (value === null) continue;
    const high = value > ERROR_RATIO_ABNORMAL;
    if (high) abnormalPoints++;
    if (previous !== undefined && high !== previous) count++;
    previous = high;
  }
  return { abnormalPoints, crossings: count };
}

function readingSummary(r: ServiceReading): string {
  return `${r.service}: error ratio ${pct(r.errorRatio)} (baseline ${pct(r.baselineErrorRatio)}), p99 ${secs(r.latencyP99)} (baseline ${secs(r.baselineLatencyP99)}), ${(r.requestRate ?? 0).toFixed(2)} req/s (baseline ${(r.baselineRequestRate ?? 0).toFixed(2)}), availability ${pct(r.availability)}`;
}

/** Confirms or dismisses an incident from its alerts and the telemetry of the alerting services. */
export async function runDetectionAgent(ctx: AgentContext, rawInput: DetectionInput): Promise<DetectionOutput> {
  const input = detectionInputSchema.parse(rawInput);
  const firing = input.alerts.filter((a) => a.status === "firing");
  const alertSeverity = maxSeverity(input.alerts.map((a) => a.severity));
  let services = [...new Set(input.alerts.map((a) => a.service).filter((s): s is string => !!s))];
  // Alerts without a service label (a namespace-wide rule): judge every service the namespace has.
  if (services.length === 0) services = await ctx.metrics.listServices(input.namespace);
  services = services.slice(0, MAX_DETECTION_SERVICES);
  ctx.emit({ agent: "detection", kind: "observation", text: `${firing.length} firing and ${input.alerts.length - firing.length} resolved alert(s) about ${services.join(", ") || "no service"}` });

  const incidentStart = new Date(Math.min(...input.alerts.map((a) => a.startsAt.getTime())));
  const readings = await Promise.all(services.map((service) => readService({ metrics: ctx.metrics, namespace: input.namespace, service, now: ctx.now, incidentStart })));
  const evidence: Evidence[] = [];
  const abnormal: string[] = [];
  let worstErrorRatio = 0;
  let trafficLost = false;
  for (const reading of readings) {
    const why = abnormalities(reading);
    evidence.push({ summary: why.length ? `${reading.service} is abnormal now: ${why.join("; ")}` : `${reading.service} looks normal now: ${readingSummary(reading)}`, source: { metric: `service ${reading.service}: error_ratio, latency_p99, request_rate, availability over 2m vs the median of the hour before; pod health` } });
    if (why.length === 0) continue;
    abnormal.push(reading.service);
    worstErrorRatio = Math.max(worstErrorRatio, reading.errorRatio ?? 0);
    trafficLost ||= why.some((w) => w.includes("traffic is lost"));
  }

  if (abnormal.length > 0 && firing.length > 0) {
    const derived: Severity = worstErrorRatio >= CRITICAL_ERROR_RATIO ? "critical" : worstErrorRatio > ERROR_RATIO_ABNORMAL || trafficLost ? "high" : "warning";
    const severity = maxSeverity([alertSeverity, derived]);
    const reason = `${abnormal.join(", ")} ${abnormal.length === 1 ? "is" : "are"} failing now according to the telemetry, not only the alert rules.`;
    ctx.emit({ agent: "detection", kind: "decision", text: `confirmed (${severity}): ${reason}` });
    return detectionOutputSchema.parse({ verdict: "confirmed", severity, evidence, reason, abnormalServices: abnormal });
  }

  // Normal now: tell a recovered blip from a flapping rule from nothing at all, for the noise reason.
  const history = await Promise.all(services.map(async (service) => ({ service, ...crossings(await recentErrorRatios({ metrics: ctx.metrics, namespace: input.namespace, service, now: ctx.now })) })));
  const flapping = history.filter((h) => h.crossings >= FLAP_CROSSINGS);
  const blips = history.filter((h) => h.abnormalPoints > 0 && h.crossings < FLAP_CROSSINGS);
  const reason = firing.length === 0
    ? "every alert of the incident has resolved and the telemetry is normal now"
    : flapping.length > 0
      ? `flapping: the error ratio of ${flapping.map((h) => h.service).join(", ")} crossed the alert threshold ${flapping.map((h) => h.crossings).join("/")} times in the last 10 minutes and is normal now`
      : blips.length > 0
        ? `transient blip: ${blips.map((h) => h.service).join(", ")} had errors in the last 10 minutes but has already recovered`
        : "nothing abnormal now: error ratio, latency, traffic and pods of the alerting services are at their baseline";
  ctx.emit({ agent: "detection", kind: "decision", text: `noise: ${reason}` });
  return detectionOutputSchema.parse({ verdict: "noise", severity: alertSeverity, evidence, reason, abnormalServices: [] });
}
