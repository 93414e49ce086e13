import "server-only";
/**
 * Reads resolved incidents into `IncidentMemory` records: alerts, the last diagnosis, every
 * transaction with its TNR outcome (from the transaction's phase, completed by the lifecycle
 * events that explain it) and the postmortem. Payloads are read defensively: an event written by
 * an older version must not break memory.
 */
import type { Db } from "../../db/client";
import type { FixActionLike, FixAttempt, FixOutcome, IncidentMemory } from "./incident-memory";

/** Most incidents remembered per query (the newest). */
export const MAX_REMEMBERED_INCIDENTS = 500;

const MEMORY_EVENT_TYPES = [
  "agent.diagnosis",
  "diagnosis.completed",
  "agent.proposal",
  "mitigation.proposed",
  "validation.committed",
  "validation.regressed",
  "rollback.completed",
  "rollback.reviewed",
  "undo.completed",
  "approval.rejected",
  "execution.failed",
] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function actionsFrom(value: unknown): FixActionLike[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    // Proposals wrap each action ({ action, risk }); transactions store them bare.
    const action = isRecord(item) && isRecord(item.action) ? item.action : item;
    if (!isRecord(action) || typeof action.type !== "string") return [];
    return [{ type: action.type, params: isRecord(action.params) ? action.params : {} }];
  });
}

function outcomeOfPhase(phase: string): FixOutcome {
  if (phase === "committed") return "committed";
  if (phase === "rolled_back") return "rolled_back";
  if (phase === "undone") return "undone";
  if (phase === "aborted") return "aborted";
  return "unknown";
}

export interface LoadIncidentMemoriesOptions {
  db: Db;
  /** Leave this incident out (the one being worked on). */
  excludeIncidentId?: string;
  /** Only incidents of this namespace. */
  namespace?: string;
  limit?: number;
}

/** The newest resolved incidents as memories. */
export async function loadIncidentMemories({ db, excludeIncidentId, namespace, limit = MAX_REMEMBERED_INCIDENTS }: LoadIncidentMemoriesOptions): Promise<IncidentMemory[]> {
  const incidents = await db.incident.findMany({
    where: { resolvedAt: { not: null }, ...(excludeIncidentId ? { id: { not: excludeIncidentId } } : {}), ...(namespace ? { namespace } : {}) },
    orderBy: { resolvedAt: "desc" },
    take: limit,
    include: {
      alerts: { select: { name: true, service: true, summary: true, description: true } },
      events: { where: { type: { in: [...MEMORY_EVENT_TYPES] } }, orderBy: { id: "asc" }, select: { type: true, payload: true } },
      transactions: { orderBy: { createdAt: "asc" }, select: { id: true, actions: true, phase: true, verdict: true } },
      postmortem: { select: { status: true, markdown: true } },
    },
  });
  return incidents.map((incident) => {
    const diagnosis = [...incident.events].reverse().find((e) => e.type === "agent.diagnosis")?.payload;
    const completed = [...incident.events].reverse().find((e) => e.type === "diagnosis.completed")?.payload;
    const d = isRecord(diagnosis) ? diagnosis : {};
    const faulty = isRecord(d.faultyObject) && typeof d.faultyObject.kind === "string" && typeof d.faultyObject.name === "string" ? { kind: d.faultyObject.kind, name: d.faultyObject.name, ...(typeof d.faultyObject.namespace === "string" ? { namespace: d.faultyObject.namespace } : {}) } : null;

    const fixes = new Map<string, FixAttempt>();
    const attempt = (transactionId: string): FixAttempt => {
      let fix = fixes.get(transactionId);
      if (!fix) fixes.set(transactionId, (fix = { transactionId, actions: [], summary: null, outcome: "unknown", healthBefore: null, healthAfter: null, reason: null }));
      return fix;
    };
    for (const tx of incident.transactions) {
      const fix = attempt(tx.id);
      fix.actions = actionsFrom(tx.actions);
      fix.outcome = outcomeOfPhase(tx.phase);
      if (isRecord(tx.verdict)) {
        fix.healthBefore = num(tx.verdict.healthBefore) ?? fix.healthBefore;
        fix.healthAfter = num(tx.verdict.healthAfter) ?? fix.healthAfter;
      }
    }
    for (const event of incident.events) {
      const p = isRecord(event.payload) ? event.payload : {};
      const transactionId = str(p.transactionId);
      if (!transactionId) continue;
      const fix = attempt(transactionId);
      switch (event.type) {
        case "agent.proposal":
          if (fix.actions.length === 0) fix.actions = actionsFrom(p.actions);
          fix.summary = str(p.summary) ?? fix.summary;
          break;
        case "mitigation.proposed":
          fix.summary ??= str(p.summary);
          break;
        case "validation.committed":
          fix.healthBefore = num(p.healthBefore);
          fix.healthAfter = num(p.healthAfter);
          if (fix.outcome === "unknown") fix.outcome = "committed";
          break;
        case "validation.regressed":
          fix.healthBefore = num(p.healthBefore);
          fix.healthAfter = num(p.healthAfter);
          fix.reason = str(p.reason) ?? fix.reason;
          break;
        case "execution.failed":
          fix.reason = str(p.error) ?? fix.reason;
          break;
        case "rollback.completed":
          if (fix.outcome === "unknown" || fix.outcome === "committed") fix.outcome = "rolled_back";
          break;
        case "rollback.reviewed":
          fix.reason = str(p.whatDidNotWork) ?? fix.reason;
          break;
        case "undo.completed":
          fix.outcome = "undone";
          break;
        case "approval.rejected":
          if (fix.outcome === "unknown") fix.outcome = "rejected";
          fix.reason = str(p.reason) ?? fix.reason;
          break;
      }
    }

    return {
      incidentId: incident.id,
      title: incident.title,
      namespace: incident.namespace,
      service: incident.service,
      triggeredAt: incident.triggeredAt,
      resolvedAt: incident.resolvedAt,
      alertNames: [...new Set(incident.alerts.map((a) => a.name))].sort(),
      alertServices: [...new Set(incident.alerts.map((a) => a.service).filter((s): s is string => !!s))].sort(),
      alertText: [...new Set(incident.alerts.flatMap((a) => [a.summary, a.description]).filter(Boolean))].join("\n"),
      rootCause: str(d.rootCause) ?? (isRecord(completed) ? str(completed.rootCause) : null),
      mechanism: str(d.mechanism),
      faultyObject: faulty,
      faultyService: str(d.service),
      fixes: [...fixes.values()].filter((f) => f.actions.length > 0 || f.summary !== null),
      postmortem: incident.postmortem ? { status: incident.postmortem.status, markdown: incident.postmortem.markdown } : null,
    };
  });
}
