import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../testing/test-database";
import { findSimilarIncidents, similarIncidentQueryFor } from "./find-similar-incidents";
import { rankCandidateFixes } from "./rank-candidate-fixes";

const T0 = new Date("2026-11-01T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

interface SeedIncident {
  id: string;
  title: string;
  service: string;
  alerts: Array<{ name: string; service: string; summary: string }>;
  diagnosis?: { mechanism: string; rootCause: string; service: string; faultyObject: { kind: string; namespace: string; name: string } };
  transactions?: Array<{ id: string; phase: string; actions: unknown[]; summary: string; events: Array<{ type: string; payload: Record<string, unknown> }> }>;
  postmortem?: string;
  resolved?: boolean;
  day: number;
}

async function seed(db: TestDatabase["db"], incident: SeedIncident): Promise<void> {
  const start = at(incident.day * 24 * 60);
  await db.incident.create({
    data: {
      id: incident.id,
      title: incident.title,
      severity: "critical",
      state: incident.resolved === false ? "DIAGNOSING" : "RESOLVED",
      cluster: "prod",
      namespace: "shop",
      service: incident.service,
      groupKey: `prod/shop/${incident.service}`,
      triggeredAt: start,
      lastAlertAt: start,
      resolvedAt: incident.resolved === false ? null : at(incident.day * 24 * 60 + 30),
    },
  });
  for (const [i, alert] of incident.alerts.entries()) {
    await db.alert.create({
      data: { source: "alertmanager", fingerprint: `${incident.id}-${i}`, status: "resolved", severity: "critical", name: alert.name, summary: alert.summary, description: "", namespace: "shop", service: alert.service, labels: {}, annotations: {}, startsAt: start, raw: {}, incidentId: incident.id },
    });
  }
  const events: Array<{ type: string; payload: Record<string, unknown> }> = [];
  if (incident.diagnosis) events.push({ type: "agent.diagnosis", payload: incident.diagnosis });
  for (const tx of incident.transactions ?? []) {
    await db.mitigationTransaction.create({ data: { id: tx.id, incidentId: incident.id, cluster: "prod", namespace: "shop", targetService: incident.service, actions: tx.actions as object[], phase: tx.phase, health: {} } });
    events.push({ type: "agent.proposal", payload: { transactionId: tx.id, namespace: "shop", targetService: incident.service, summary: tx.summary, actions: tx.actions.map((action) => ({ action, risk: "low" })) } }, ...tx.events);
  }
  for (const event of events) await db.incidentEvent.create({ data: { incidentId: incident.id, type: event.type, payload: event.payload as object } });
  if (incident.postmortem) await db.postmortem.create({ data: { incidentId: incident.id, status: "reviewed", markdown: incident.postmortem, facts: {} } });
}

const restartCart = { type: "rollout-restart", params: { namespace: "shop", name: "cart" } };
const fixCartPort = { type: "patch-service-ports", params: { namespace: "shop", name: "cart", ports: [{ port: 8080, targetPort: 8080 }] } };
const raiseMemory = { type: "set-resources", params: { namespace: "shop", name: "recommendation", container: "recommendation", limits: { memory: "256Mi" } } };

describe("similar incidents over a seeded history", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
    // Last month: cart's targetPort broke; a restart was tried and rolled back, then the port fix held.
    await seed(test.db, {
      id: "inc-cart-port",
      title: "cart unreachable: frontend errors",
      service: "cart",
      day: 0,
      alerts: [
        { name: "NoRequestsReceived", service: "cart", summary: "shop/cart receives no requests" },
        { name: "HighErrorRatio", service: "frontend", summary: "High error ratio on shop/frontend" },
      ],
      diagnosis: { mechanism: "service-target-port", rootCause: "The cart Service targets port 9999 where nothing listens", service: "cart", faultyObject: { kind: "Service", namespace: "shop", name: "cart" } },
      transactions: [
        { id: "tx-restart", phase: "rolled_back", actions: [restartCart], summary: "restart cart", events: [{ type: "validation.regressed", payload: { transactionId: "tx-restart", healthBefore: 55, healthAfter: 40, regressedScopes: ["cart"], reason: "cart lost 15 points while restarting" } }, { type: "rollback.completed", payload: { transactionId: "tx-restart", undoneActions: 1 } }] },
        { id: "tx-port", phase: "committed", actions: [fixCartPort], summary: "set cart targetPort back to 8080", events: [{ type: "validation.committed", payload: { transactionId: "tx-port", healthBefore: 52, healthAfter: 97 } }] },
      ],
      postmortem: "# Postmortem\n\nA manual edit changed the cart Service targetPort to 9999. Connection refused at callers.",
    });
    await seed(test.db, {
      id: "inc-oom",
      title: "recommendation crash looping",
      service: "recommendation",
      day: 3,
      alerts: [{ name: "PodCrashLooping", service: "recommendation", summary: "Pod is crash looping." }],
      diagnosis: { mechanism: "oom-limit", rootCause: "memory limit 80Mi below the working set", service: "recommendation", faultyObject: { kind: "Deployment", namespace: "shop", name: "recommendation" } },
      transactions: [{ id: "tx-mem", phase: "committed", actions: [raiseMemory], summary: "raise recommendation memory limit", events: [{ type: "validation.committed", payload: { transactionId: "tx-mem", healthBefore: 60, healthAfter: 95 } }] }],
    });
    await seed(test.db, {
      id: "inc-payment",
      title: "checkout errors: payment no such host",
      service: "checkout",
      day: 5,
      alerts: [{ name: "HighErrorRatio", service: "checkout", summary: "High error ratio on shop/checkout" }],
      diagnosis: { mechanism: "service-missing", rootCause: "payment Service deleted", service: "payment", faultyObject: { kind: "Service", namespace: "shop", name: "payment" } },
    });
    // Not resolved: never remembered.
    await seed(test.db, { id: "inc-open", title: "cart unreachable again", service: "cart", day: 9, resolved: false, alerts: [{ name: "NoRequestsReceived", service: "cart", summary: "shop/cart receives no requests" }] });
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it("ranks the incident with the same service, alerts and mechanism first, and says what fixed it and what was rolled back", async () => {
    const query = { namespace: "shop", service: "cart", alertNames: ["NoRequestsReceived", "HighErrorRatio"], mechanism: "service-target-port", text: "cart receives no requests, frontend connection refused" };
    const similar = await findSimilarIncidents({ db: test.db, query });
    expect(similar.map((s) => s.memory.incidentId)).toEqual(["inc-cart-port", "inc-payment"]);
    const [best] = similar;
    expect(best!.reasons).toEqual(expect.arrayContaining(["same root-cause mechanism (service-target-port)", "same service (cart)", "alerts in common: HighErrorRatio, NoRequestsReceived"]));
    expect(best!.resolution).toBe("Fixed by set cart targetPort back to 8080 (health 52 -> 97); a fix was rolled back: restart cart (cart lost 15 points while restarting).");
    expect(best!.memory.postmortem?.status).toBe("reviewed");
    expect(best!.memory.fixes.map((f) => [f.transactionId, f.outcome])).toEqual([["tx-restart", "rolled_back"], ["tx-port", "committed"]]);
  });

  it("never returns unresolved incidents or the current incident itself", async () => {
    const query = await similarIncidentQueryFor({ db: test.db, incidentId: "inc-cart-port" });
    expect(query).toMatchObject({ service: "cart", mechanism: "service-target-port", faultyObject: { kind: "Service", name: "cart" } });
    const similar = await findSimilarIncidents({ db: test.db, query, excludeIncidentId: "inc-cart-port" });
    expect(similar.map((s) => s.memory.incidentId)).not.toContain("inc-cart-port");
    expect(similar.map((s) => s.memory.incidentId)).not.toContain("inc-open");
  });

  it("finds nothing for an unrelated incident rather than a weak coincidence", async () => {
    expect(await findSimilarIncidents({ db: test.db, query: { namespace: "shop", service: "ad", alertNames: ["PodNotReady"], mechanism: "unschedulable" } })).toEqual([]);
  });

  it("re-ranks candidate fixes: the one that worked before rises, the rolled-back one falls, each with a sentence", async () => {
    const similar = await findSimilarIncidents({ db: test.db, query: { namespace: "shop", service: "cart", alertNames: ["NoRequestsReceived"], mechanism: "service-target-port" } });
    const ranked = rankCandidateFixes({
      candidates: [
        { id: "restart", actions: [restartCart] },
        { id: "scale", actions: [{ type: "scale-deployment", params: { namespace: "shop", name: "cart", replicas: 3 } }] },
        { id: "port", actions: [{ ...fixCartPort }] },
      ],
      similar,
    });
    expect(ranked.map((r) => r.candidate.id)).toEqual(["port", "scale", "restart"]);
    expect(ranked[0]!.adjustment).toBeGreaterThan(0);
    expect(ranked[0]!.reasoning).toMatch(/^Ranked higher: patch-service-ports on cart — it resolved a similar incident before \(incident inc-cart-port "cart unreachable: frontend errors"\)\.$/);
    expect(ranked[1]).toMatchObject({ adjustment: 0, reasoning: null, evidence: [] });
    expect(ranked[2]!.adjustment).toBeLessThan(0);
    expect(ranked[2]!.reasoning).toBe('Ranked lower: rollout-restart on cart — it was rolled back by TNR in a similar incident (incident inc-cart-port "cart unreachable: frontend errors": cart lost 15 points while restarting).');
  });

  it("keeps the agent's order when there is no history", () => {
    const ranked = rankCandidateFixes({ candidates: [{ id: "a", actions: [restartCart] }, { id: "b", actions: [fixCartPort] }], similar: [] });
    expect(ranked.map((r) => r.candidate.id)).toEqual(["a", "b"]);
  });
});
