/**
 * A resolved incident as the pipeline leaves it, written straight to a test database: alerts,
 * milestones, the agents' events and two mitigation transactions (the first rolled back by TNR,
 * the second committed after a slow human approval). Every number is fixed so that tests can
 * check the postmortem's facts and markdown exactly.
 */
import type { Db } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import type { MetricsSource, MetricSeries, ServiceSeriesQuery } from "../../telemetry/types";

/** The instant the incident's first alert fired. */
export const T0 = new Date("2026-03-01T10:00:00.000Z");
export const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

export interface SeededIncident {
  incidentId: string;
}

const diagnosis = (rootCause: string, confidence: number) => ({
  faultyObject: { kind: "Service", namespace: "shop", name: "cart" },
  service: "cart",
  mechanism: "service-target-port",
  rootCause,
  category: { systemLevel: "Virtualization", faultType: "Misconfiguration" },
  rollout: null,
  evidence: [{ summary: "cart Service targetPort 9999 has no listening container port", source: { callId: "diagnosis-1-call-2" } }],
  confidence,
  ruledOut: [{ hypothesis: "cart pods crash-looping", why: "all cart pods are Ready with 0 restarts" }],
  otherCauses: [],
  path: ["frontend", "checkout", "cart"],
});

const proposal = (transactionId: string, summary: string, kubectl: string) => ({
  transactionId,
  namespace: "shop",
  targetService: "cart",
  summary,
  actions: [{ action: { type: "noop" }, reason: "fix it", summary, kubectl, risk: "low", blastRadius: "cart", diff: "", dryRun: { ok: true } }],
  reasons: ["fix it"],
});

const health = (score: number) => ({ at: T0.toISOString(), namespace: "shop", source: "simulator", windowSeconds: 60, score, aggregate: { score }, services: [] });

/** Seeds the incident (see the module comment) and returns its id. */
export async function seedResolvedIncident(db: Db, options: { state?: string; title?: string; txPrefix?: string } = {}): Promise<SeededIncident> {
  const incident = await db.incident.create({
    data: {
      title: options.title ?? "cart unreachable from checkout",
      severity: "critical",
      state: options.state ?? "RESOLVED",
      cluster: "sim",
      namespace: "shop",
      service: "cart",
      groupKey: "sim/shop/cart",
      triggeredAt: T0,
      lastAlertAt: minutes(1),
      detectedAt: minutes(2),
      diagnosedAt: minutes(4),
      proposedAt: minutes(5),
      approvedAt: minutes(6),
      mitigatedAt: minutes(40),
      resolvedAt: options.state && options.state !== "RESOLVED" ? null : minutes(45),
      closedAt: options.state && options.state !== "RESOLVED" ? null : minutes(45),
      reasoner: "rules",
    },
  });
  const incidentId = incident.id;
  // Transaction ids are global: a second seeded incident needs its own.
  const tx1 = `${options.txPrefix ?? ""}tx-1`;
  const tx2 = `${options.txPrefix ?? ""}tx-2`;
  const alert = (name: string, service: string, endsAt: Date | null) => ({
    source: "alertmanager",
    fingerprint: `${name}-${service}-${incidentId}`,
    status: endsAt ? "resolved" : "firing",
    severity: "critical",
    name,
    summary: `${name} on ${service}`,
    description: "",
    namespace: "shop",
    service,
    labels: {},
    annotations: {},
    startsAt: T0,
    endsAt,
    raw: {},
    incidentId,
  });
  await db.alert.createMany({ data: [alert("HighErrorRatio", "checkout", minutes(20)), alert("NoRequestsReceived", "cart", minutes(20))] });

  const events: [number, string, Record<string, unknown>][] = [
    [0, "incident.opened", { alertId: "a1", fingerprint: "f", name: "HighErrorRatio", severity: "critical", groupKey: "g", source: "alertmanager" }],
    [2, "agent.detection", { verdict: "confirmed", severity: "critical", evidence: [], reason: "checkout 5xx at 20 %", abnormalServices: ["checkout"] }],
    [2, "detection.confirmed", { severity: "critical", evidence: ["checkout 5xx ratio 20 % over 5m"], from: "DETECTING", to: "DIAGNOSING" }],
    [3, "agent.tool_call", { agent: "diagnosis", callId: "diagnosis-1-call-1", tool: "pods", params: {}, ok: true, output: "", durationMs: 3 }],
    [3, "agent.tool_call", { agent: "diagnosis", callId: "diagnosis-1-call-2", tool: "services", params: {}, ok: true, output: "", durationMs: 3 }],
    [3, "agent.tool_call", { agent: "detection", callId: "detection-1-call-1", tool: "metrics", params: {}, ok: true, output: "", durationMs: 3 }],
    [4, "agent.diagnosis", diagnosis("cart pods are overloaded", 0.55)],
    [4, "diagnosis.completed", { rootCause: "cart pods are overloaded", evidence: ["cart p99 high"], confidence: 0.55, from: "DIAGNOSING", to: "PROPOSED" }],
    [5, "agent.proposal", proposal(tx1, "scale cart to 4 replicas", "kubectl -n shop scale deployment/cart --replicas=4")],
    [5, "mitigation.proposed", { transactionId: tx1, actionCount: 1, summary: "scale cart to 4 replicas", from: "PROPOSED", to: "AWAITING_APPROVAL" }],
    [6, "approval.granted", { transactionId: tx1, by: "ana", auto: false, from: "AWAITING_APPROVAL", to: "MITIGATING" }],
    [6, "execution.started", { transactionId: tx1, healthBefore: 41.5, snapshotCount: 1 }],
    [7, "execution.completed", { transactionId: tx1, executedActions: 1 }],
    [9, "validation.regressed", { transactionId: tx1, healthBefore: 41.5, healthAfter: 30, regressedScopes: ["cart"], reason: "cart lost 11.5 points" }],
    [10, "rollback.completed", { transactionId: tx1, undoneActions: 1 }],
    [10, "rollback.reviewed", { transactionId: tx1, whatDidNotWork: "scale cart did not fix it: health regressed" }],
    [12, "agent.diagnosis", diagnosis("cart Service targetPort 9999 matches no container port", 0.92)],
    [12, "diagnosis.completed", { rootCause: "cart Service targetPort 9999 matches no container port", evidence: ["targetPort 9999"], confidence: 0.92 }],
    [13, "agent.proposal", proposal(tx2, "set cart Service targetPort back to 8080", "kubectl -n shop patch service cart -p '{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}]}}'")],
    [13, "mitigation.proposed", { transactionId: tx2, actionCount: 1, summary: "set cart Service targetPort back to 8080" }],
    [33, "approval.granted", { transactionId: tx2, by: "bo", auto: false }],
    [34, "execution.started", { transactionId: tx2, healthBefore: 40, snapshotCount: 1 }],
    [40, "validation.committed", { transactionId: tx2, healthBefore: 40, healthAfter: 97.25 }],
    [45, "alerts.cleared", { clearedAlerts: 2 }],
  ];
  for (const [minute, type, payload] of events) {
    await db.incidentEvent.create({ data: { incidentId, type, payload: payload as Prisma.InputJsonValue, createdAt: minutes(minute) } });
  }
  const tx = (id: string, phase: string, outcome: string, cause: string, before: number, after: number, reasons: string[], nsBefore: number, nsAfter: number) => ({
    id,
    incidentId,
    cluster: "sim",
    namespace: "shop",
    targetService: "cart",
    actions: [] as Prisma.InputJsonValue,
    phase,
    health: { before: health(nsBefore), after: health(nsAfter), "undo-before": null, "undo-after": null } as Prisma.InputJsonValue,
    verdict: { outcome, cause, reasons, healthBefore: before, healthAfter: after, rollback: null, decidedAt: T0.toISOString() } as Prisma.InputJsonValue,
  });
  await db.mitigationTransaction.create({ data: tx(tx1, "rolled_back", "rolled_back", "health-regressed", 41.5, 30, ["cart lost 11.5 points (tolerance 2)"], 70, 62) });
  await db.mitigationTransaction.create({ data: tx(tx2, "committed", "committed", "health-held", 40, 97.25, ["target held: 40 -> 97.25"], 68, 99) });
  return { incidentId };
}

/**
 * A metrics source with fixed numbers: every service serves 10 req/s; checkout answers 20 % of
 * them with 5xx, the others none. Points sit on the grid the query asks for.
 */
export function fixedMetricsSource(options: { failWith?: string } = {}): MetricsSource & { queries: ServiceSeriesQuery[] } {
  const queries: ServiceSeriesQuery[] = [];
  const series = async (query: ServiceSeriesQuery): Promise<MetricSeries> => {
    queries.push(query);
    if (options.failWith) throw new Error(options.failWith);
    const points: [number, number | null][] = [];
    for (let t = query.start.getTime() / 1000; t <= query.end.getTime() / 1000; t += query.stepSeconds) {
      points.push([t, query.metric === "request_rate" ? 10 : query.service === "checkout" ? 0.2 : 0]);
    }
    return { metric: query.metric, target: { kind: "service", namespace: query.namespace, service: query.service }, stepSeconds: query.stepSeconds, windowSeconds: query.windowSeconds ?? 60, points };
  };
  return {
    kind: "fixed",
    queries,
    serviceSeries: series,
    edgeSeries: () => Promise.reject(new Error("edge series are not used by postmortems")),
    instant: () => Promise.resolve(null),
    podHealth: () => Promise.reject(new Error("pod health is not used by postmortems")),
    listServices: () => Promise.resolve(["cart", "checkout", "frontend"]),
  };
}
