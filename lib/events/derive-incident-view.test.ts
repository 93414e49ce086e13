import { describe, expect, it } from "vitest";
import type { IncidentEventView } from "../incidents/incident-views";
import { deriveIncidentView } from "./derive-incident-view";

let nextId = 1;
const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 10, 0, s)).toISOString();
const ev = (type: string, payload: Record<string, unknown>, s = nextId): IncidentEventView => ({ id: nextId++, type, payload, createdAt: at(s) });

const measurement = (target: number, ns: number) => ({
  at: at(0),
  namespace: "shop",
  score: ns,
  aggregate: { score: ns, min: target, mean: 90, worst: "payment" },
  services: [{ service: "payment", score: target, parts: { scores: { availability: 1, errors: target / 100, latency: 1, pods: 1 }, findings: ["errors above SLO"] } }],
});

describe("deriveIncidentView", () => {
  it("sums the model tokens of the agents' steps, and carries a proposal's runbook citations, history and requester", () => {
    const view = deriveIncidentView([
      ev("pipeline.reasoner_chosen", { reasoner: "llm:small" }),
      ev("agent.step", { agent: "diagnosis", kind: "plan", text: "plan", usage: { inputTokens: 1200, outputTokens: 80 } }),
      ev("agent.step", { agent: "diagnosis", kind: "decision", text: "done", usage: { inputTokens: 900, outputTokens: 40 } }),
      ev("agent.step", { agent: "mitigation", kind: "observation", text: "no usage" }),
      ev("agent.proposal", {
        transactionId: "tx-r",
        summary: "scale checkout to 4",
        actions: [],
        runbookCitations: [{ citation: "checkout-errors#mitigation", section: "Checkout errors > Mitigation", runbook: "Checkout errors" }],
        history: { reasoning: ["Ranked higher: it resolved a similar incident before"], fromHistory: { incidentId: "inc-0", transactionId: "tx-0" } },
        requestedBy: "ana",
      }),
    ]);
    expect(view.reasoner).toBe("llm:small");
    expect(view.tokens).toEqual({ input: 2100, output: 120 });
    expect(view.transactions[0]).toMatchObject({
      runbookCitations: [{ citation: "checkout-errors#mitigation", section: "Checkout errors > Mitigation", runbook: "Checkout errors" }],
      history: { reasoning: ["Ranked higher: it resolved a similar incident before"], fromIncidentId: "inc-0" },
      requestedBy: "ana",
    });
  });

  it("follows a transaction from proposal to commit, with who approved, both checkpoints and the markers", () => {
    const events = [
      ev("incident.opened", { name: "HighErrorRatio" }),
      ev("agent.tool_call", { callId: "diagnosis-1", tool: "pods", output: '[{"id":"finding-7","title":"x"}]' }),
      ev("agent.diagnosis", {
        rootCause: "payment Service targets the wrong port",
        faultyObject: { kind: "Service", namespace: "shop", name: "payment" },
        service: "payment",
        category: { systemLevel: "Virtualization", faultType: "Misconfiguration" },
        confidence: 0.9,
        evidence: [{ summary: "connection refused", source: { callId: "diagnosis-1" } }, { summary: "analyzer", source: { findingId: "finding-7" } }],
        ruledOut: [{ hypothesis: "bad image", why: "pods are running" }],
        path: ["frontend", "checkout", "payment"],
      }),
      ev("diagnosis.completed", { from: "DIAGNOSING", to: "PROPOSED" }),
      ev("agent.proposal", { transactionId: "tx1", namespace: "shop", targetService: "payment", summary: "fix port", actions: [{ summary: "patch port", kubectl: "kubectl patch", risk: "low", blastRadius: { pods: ["p1"], services: ["payment"] }, dryRun: { ok: true }, diff: "-8080\n+8081" }], reasons: ["port mismatch"] }),
      ev("approval.granted", { transactionId: "tx1", by: "ana", auto: false, from: "AWAITING_APPROVAL", to: "MITIGATING" }),
      ev("execution.started", { transactionId: "tx1", healthBefore: 20 }),
      ev("tnr.detail", { transactionId: "tx1", event: "execution.started", reasons: [], healthBefore: measurement(20, 60), healthAfter: null }),
      ev("execution.completed", { transactionId: "tx1", executedActions: 1 }),
      ev("validation.committed", { transactionId: "tx1", healthBefore: 20, healthAfter: 98 }),
      ev("tnr.detail", { transactionId: "tx1", event: "validation.committed", reasons: ["ok"], healthBefore: measurement(20, 60), healthAfter: measurement(98, 97) }),
      ev("tnr.result", { transactionId: "tx1", verdict: "committed", cause: "no_regression", scoreBefore: 20, scoreAfter: 98, reasons: ["ok"] }),
    ];
    const view = deriveIncidentView(events);
    expect(view.diagnosis?.evidence.map((e) => e.callId)).toEqual(["diagnosis-1", "diagnosis-1"]);
    expect(view.diagnosis?.ruledOut).toEqual([{ hypothesis: "bad image", why: "pods are running" }]);
    const [tx] = view.transactions;
    expect(tx).toMatchObject({ status: "committed", decision: { kind: "approved", by: "ana", auto: false } });
    expect(tx!.actions[0]).toMatchObject({ kubectl: "kubectl patch", reason: "port mismatch", dryRun: { ok: true } });
    expect(tx!.before?.target?.score).toBe(20);
    expect(tx!.after?.target?.score).toBe(98);
    expect(tx!.after?.namespace?.score).toBe(97);
    expect(tx!.verdict).toMatchObject({ outcome: "committed", scoreBefore: 20, scoreAfter: 98 });
    expect(view.markers.map((m) => m.kind)).toEqual(["alert", "approval", "execution", "validation", "commit"]);
    expect(view.markers.find((m) => m.kind === "validation")?.endAt).toBeDefined();
    expect(view.firstEntered.PROPOSED).toBeDefined();
    expect(view.firstEntered.MITIGATING).toBeDefined();
  });

  it("a rejected proposal followed by a new one: the first is rejected with its reason, the second waits", () => {
    const view = deriveIncidentView([
      ev("agent.proposal", { transactionId: "a", summary: "restart", actions: [] }),
      ev("approval.rejected", { transactionId: "a", by: "bo", reason: "wrong service" }),
      ev("agent.proposal", { transactionId: "b", summary: "patch", actions: [] }),
    ]);
    expect(view.transactions.map((t) => [t.transactionId, t.status, t.decision?.reason ?? null])).toEqual([
      ["a", "rejected", "wrong service"],
      ["b", "awaiting_approval", null],
    ]);
  });

  it("tolerates payloads of unknown shape", () => {
    expect(() => deriveIncidentView([ev("agent.diagnosis", { evidence: "nope", ruledOut: 3 }), ev("tnr.detail", { transactionId: 5 })])).not.toThrow();
  });
});
