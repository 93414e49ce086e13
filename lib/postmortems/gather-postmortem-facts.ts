import "server-only";
/**
 * Gathers a postmortem's facts from what the incident left behind: its row (milestones), alerts,
 * event log (agents' conclusions, approvals, TNR verdicts, operator actions), mitigation
 * transactions (health before and after, with parts) and, when a metrics source is given, the
 * error budget its services burned. Everything said is derived from those records; judgements
 * ("went well", "went badly", follow-ups) follow the fixed rules below so that the same incident
 * always gives the same draft.
 */
import { z } from "zod";
import { diagnosisOutputSchema, type DiagnosisOutput } from "../agents/diagnosis-schema";
import type { Db } from "../db/client";
import { ApiError } from "../http/api-error";
import type { SloConfig } from "../telemetry/slo";
import type { MetricsSource } from "../telemetry/types";
import { formatDurationMs, formatPercent, formatScore } from "./format-postmortem-values";
import { measureErrorBudget } from "./measure-error-budget";
import {
  POSTMORTEM_FACTS_VERSION,
  postmortemFactsSchema,
  type ErrorBudget,
  type MilestoneKey,
  type MitigationAttempt,
  type PostmortemFacts,
  type PostmortemTimelineEntry,
} from "./postmortem-facts";

/** Detection within this is worth saying it went well. */
export const FAST_DETECTION_MS = 5 * 60_000;
/** Detection slower than this went badly (and gets a follow-up on the alert rule). */
export const SLOW_DETECTION_MS = 15 * 60_000;
/** A proposal waiting longer than this for a decision went badly. */
export const LONG_APPROVAL_WAIT_MS = 15 * 60_000;
/** A diagnosis at or above this confidence counts as a clear root cause. */
export const CONFIDENT_DIAGNOSIS = 0.8;
/** A burn of at least this share of a 30-day error budget is called out. */
export const NOTABLE_BUDGET_SHARE = 0.05;

export interface GatherPostmortemFactsOptions {
  db: Db;
  incidentId: string;
  /** Telemetry for the error budget; without it the budget is reported as unknown. */
  metrics?: MetricsSource | null;
  slos?: SloConfig;
  /** The instant the facts are gathered at (the end of an incident that is still open). */
  now: Date;
}

// Stored payloads are JSON written by other modules: read each through a loose schema and skip
// what does not match instead of failing the whole draft on one odd row.
const str = z.string();
const num = z.number();
const payloads = {
  alert: z.object({ name: str, severity: str.optional() }).loose(),
  detectionConfirmed: z.object({ severity: str, evidence: z.array(str) }).loose(),
  detectionNoise: z.object({ reason: str }).loose(),
  diagnosisCompleted: z.object({ rootCause: str, evidence: z.array(str), confidence: num }).loose(),
  noSafeAction: z.object({ reason: str, runbookSteps: z.array(str), rootCause: str.optional() }).loose(),
  proposed: z.object({ transactionId: str, actionCount: num, summary: str }).loose(),
  agentProposal: z
    .object({
      transactionId: str,
      summary: str,
      actions: z.array(z.object({ summary: str.optional(), kubectl: str.optional(), risk: str.optional() }).loose()).default([]),
    })
    .loose(),
  granted: z.object({ transactionId: str, by: str, auto: z.boolean() }).loose(),
  rejected: z.object({ transactionId: str, by: str, reason: str }).loose(),
  executionStarted: z.object({ transactionId: str, healthBefore: num }).loose(),
  executionCompleted: z.object({ transactionId: str, executedActions: num }).loose(),
  executionFailed: z.object({ transactionId: str, error: str }).loose(),
  validation: z.object({ transactionId: str, healthBefore: num, healthAfter: num, reason: str.optional() }).loose(),
  rollbackCompleted: z.object({ transactionId: str, undoneActions: num }).loose(),
  rollbackFailed: z.object({ transactionId: str, error: str }).loose(),
  rollbackReviewed: z.object({ transactionId: str, whatDidNotWork: str }).loose(),
  undo: z.object({ transactionId: str, healthBefore: num.optional(), healthAfter: num.optional(), reason: str.optional(), error: str.optional() }).loose(),
  operator: z.object({ by: str, reason: str.optional(), note: str.optional(), transactionId: str.optional() }).loose(),
  cleared: z.object({ clearedAlerts: num }).loose(),
  clearanceTimeout: z.object({ waitedMs: num }).loose(),
  detection: z.object({ verdict: str, reason: str }).loose(),
  escalation: z.object({ reason: str, runbookSteps: z.array(str).default([]) }).loose(),
  proposalRefused: z.object({ reason: str }).loose(),
  toolCall: z.object({ agent: str }).loose(),
  recovery: z.object({ workerId: str, step: str }).loose(),
};

const verdictSchema = z.object({ outcome: str, cause: str, reasons: z.array(str).default([]), healthBefore: num.nullable(), healthAfter: num.nullable() }).loose();
const healthRecordSchema = z.record(str, z.object({ score: num }).loose().nullable()).catch({});
const operatorUndoSchema = z.object({ outcome: str, healthBefore: num.nullable(), healthAfter: num.nullable() }).loose();

interface EventRow {
  id: number;
  type: string;
  payload: unknown;
  createdAt: Date;
}

function read<S extends z.ZodType>(schema: S, event: EventRow | undefined): z.output<S> | null {
  if (!event) return null;
  const parsed = schema.safeParse(event.payload);
  return parsed.success ? parsed.data : null;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const between = (from: Date | null | undefined, to: Date | null | undefined) => (from && to ? Math.max(0, to.getTime() - from.getTime()) : null);
const unique = (items: (string | null | undefined)[]) => [...new Set(items.filter((item): item is string => Boolean(item)))];
const ms = (date: Date) => date.getTime();

/** One line per timeline event type; types not listed (agent reasoning, tool calls) are summarized elsewhere. */
function timelineText(event: EventRow): string | null {
  const p = (schema: z.ZodType) => read(schema, event);
  switch (event.type) {
    case "incident.opened": {
      const a = p(payloads.alert) as z.infer<typeof payloads.alert> | null;
      return a ? `Alert ${a.name}${a.severity ? ` (${a.severity})` : ""} opened the incident` : "The incident was opened";
    }
    case "alert.attached": {
      const a = p(payloads.alert) as z.infer<typeof payloads.alert> | null;
      return a ? `Alert ${a.name} joined the incident` : null;
    }
    case "alert.resolved": {
      const a = p(payloads.alert) as z.infer<typeof payloads.alert> | null;
      return a ? `Alert ${a.name} resolved` : null;
    }
    case "detection.confirmed": {
      const d = p(payloads.detectionConfirmed) as z.infer<typeof payloads.detectionConfirmed> | null;
      return d ? `Detection agent confirmed the failure (${d.severity})${d.evidence[0] ? `: ${d.evidence[0]}` : ""}` : null;
    }
    case "detection.noise": {
      const d = p(payloads.detectionNoise) as z.infer<typeof payloads.detectionNoise> | null;
      return d ? `Detection agent closed it as noise: ${d.reason}` : null;
    }
    case "diagnosis.completed": {
      const d = p(payloads.diagnosisCompleted) as z.infer<typeof payloads.diagnosisCompleted> | null;
      return d ? `Diagnosis: ${d.rootCause} (confidence ${formatPercent(d.confidence)})` : null;
    }
    case "diagnosis.no_safe_action":
    case "mitigation.no_safe_action": {
      const d = p(payloads.noSafeAction) as z.infer<typeof payloads.noSafeAction> | null;
      return d ? `No safe automated action: ${d.reason}` : null;
    }
    case "mitigation.proposed": {
      const d = p(payloads.proposed) as z.infer<typeof payloads.proposed> | null;
      return d ? `Mitigation proposed: ${d.summary} (${d.actionCount} action${d.actionCount === 1 ? "" : "s"})` : null;
    }
    case "approval.granted": {
      const d = p(payloads.granted) as z.infer<typeof payloads.granted> | null;
      return d ? (d.auto ? `Auto-approved by policy ${d.by}` : `Approved by ${d.by}`) : null;
    }
    case "approval.rejected": {
      const d = p(payloads.rejected) as z.infer<typeof payloads.rejected> | null;
      return d ? `Rejected by ${d.by}: ${d.reason}` : null;
    }
    case "execution.started": {
      const d = p(payloads.executionStarted) as z.infer<typeof payloads.executionStarted> | null;
      return d ? `Execution started (H before ${formatScore(d.healthBefore)})` : null;
    }
    case "execution.completed": {
      const d = p(payloads.executionCompleted) as z.infer<typeof payloads.executionCompleted> | null;
      return d ? `${d.executedActions} action${d.executedActions === 1 ? "" : "s"} executed; observing health` : null;
    }
    case "execution.failed": {
      const d = p(payloads.executionFailed) as z.infer<typeof payloads.executionFailed> | null;
      return d ? `Execution failed: ${d.error}` : null;
    }
    case "validation.committed": {
      const d = p(payloads.validation) as z.infer<typeof payloads.validation> | null;
      return d ? `TNR committed the transaction: H ${formatScore(d.healthBefore)} → ${formatScore(d.healthAfter)}` : null;
    }
    case "validation.regressed": {
      const d = p(payloads.validation) as z.infer<typeof payloads.validation> | null;
      return d ? `TNR refused to commit: H ${formatScore(d.healthBefore)} → ${formatScore(d.healthAfter)}${d.reason ? ` (${d.reason})` : ""}` : null;
    }
    case "rollback.completed": {
      const d = p(payloads.rollbackCompleted) as z.infer<typeof payloads.rollbackCompleted> | null;
      return d ? `Rolled back: ${d.undoneActions} action${d.undoneActions === 1 ? "" : "s"} undone` : null;
    }
    case "rollback.failed": {
      const d = p(payloads.rollbackFailed) as z.infer<typeof payloads.rollbackFailed> | null;
      return d ? `Rollback failed: ${d.error}` : null;
    }
    case "rollback.reviewed": {
      const d = p(payloads.rollbackReviewed) as z.infer<typeof payloads.rollbackReviewed> | null;
      return d ? `Rollback reviewed: ${d.whatDidNotWork}` : null;
    }
    case "undo.completed": {
      const d = p(payloads.undo) as z.infer<typeof payloads.undo> | null;
      return d ? `Operator undo completed (H ${formatScore(d.healthBefore ?? null)} → ${formatScore(d.healthAfter ?? null)})` : null;
    }
    case "undo.aborted": {
      const d = p(payloads.undo) as z.infer<typeof payloads.undo> | null;
      return d ? `Operator undo refused by TNR and re-applied${d.reason ? `: ${d.reason}` : ""}` : null;
    }
    case "undo.failed": {
      const d = p(payloads.undo) as z.infer<typeof payloads.undo> | null;
      return d ? `Operator undo failed${d.error ? `: ${d.error}` : ""}` : null;
    }
    case "alerts.cleared":
      return "Every alert of the incident cleared";
    case "alerts.refired":
      return "Alerts fired again after clearing";
    case "alerts.clearance_timeout": {
      const d = p(payloads.clearanceTimeout) as z.infer<typeof payloads.clearanceTimeout> | null;
      return d ? `Alerts did not clear within ${formatDurationMs(d.waitedMs)} of the committed fix` : null;
    }
    case "operator.escalated":
    case "operator.resolved":
    case "operator.reinvestigation_requested":
    case "operator.abort_requested":
    case "operator.undo_requested":
      return operatorText(event);
    case "recovery.resumed": {
      const d = p(payloads.recovery) as z.infer<typeof payloads.recovery> | null;
      return d ? `Worker ${d.workerId} resumed after a crash: ${d.step}` : null;
    }
    default:
      return null;
  }
}

function operatorText(event: EventRow): string | null {
  const d = read(payloads.operator, event);
  if (!d) return null;
  const why = d.reason ?? d.note;
  const verb: Record<string, string> = {
    "operator.escalated": "took the incident over",
    "operator.resolved": "resolved the incident",
    "operator.reinvestigation_requested": "asked for a new diagnosis",
    "operator.abort_requested": "aborted the transaction in flight",
    "operator.undo_requested": "asked to undo the committed transaction",
  };
  return `${d.by} ${verb[event.type] ?? event.type}${why ? `: ${why}` : ""}`;
}

const OUTCOME_BY_PHASE: Record<string, MitigationAttempt["outcome"]> = {
  committed: "committed",
  rolled_back: "rolled_back",
  aborted: "aborted",
  undone: "undone",
  mitigating: "in_flight",
  validating: "in_flight",
  rolling_back: "in_flight",
  undoing: "in_flight",
  reapplying: "in_flight",
};

/**
 * The facts of one incident's postmortem (see the module comment). Throws ApiError 404 when the
 * incident does not exist.
 */
export async function gatherPostmortemFacts(options: GatherPostmortemFactsOptions): Promise<PostmortemFacts> {
  const { db, incidentId, now } = options;
  const incident = await db.incident.findUnique({
    where: { id: incidentId },
    include: { alerts: { orderBy: { startsAt: "asc" } }, events: { orderBy: { id: "asc" } }, transactions: { orderBy: { createdAt: "asc" } } },
  });
  if (!incident) throw new ApiError("not_found", `incident "${incidentId}" not found`);
  const events: EventRow[] = incident.events;
  const ofType = (...types: string[]) => events.filter((e) => types.includes(e.type));
  const firstOf = (...types: string[]) => events.find((e) => types.includes(e.type));

  // ─── Root cause: the last diagnosis (an earlier one may have led to a rolled-back attempt).
  const diagnoses = ofType("agent.diagnosis")
    .map((e) => diagnosisOutputSchema.safeParse(e.payload))
    .filter((r) => r.success)
    .map((r) => r.data as DiagnosisOutput);
  const lastDiagnosis = diagnoses.at(-1) ?? null;
  const lastCompleted = read(payloads.diagnosisCompleted, ofType("diagnosis.completed").at(-1));
  const noSafeActions = ofType("diagnosis.no_safe_action", "mitigation.no_safe_action")
    .map((e) => read(payloads.noSafeAction, e))
    .filter((d): d is z.infer<typeof payloads.noSafeAction> => d !== null);
  const rootCause: PostmortemFacts["rootCause"] = lastDiagnosis
    ? {
        summary: lastDiagnosis.rootCause,
        faultyObject: lastDiagnosis.faultyObject,
        category: lastDiagnosis.category,
        confidence: lastDiagnosis.confidence,
        evidence: lastDiagnosis.evidence.map((e) => e.summary),
        ruledOut: lastDiagnosis.ruledOut,
        path: lastDiagnosis.path,
      }
    : lastCompleted
      ? { summary: lastCompleted.rootCause, faultyObject: null, category: null, confidence: lastCompleted.confidence, evidence: lastCompleted.evidence, ruledOut: [], path: [] }
      : noSafeActions.find((d) => d.rootCause)
        ? { summary: noSafeActions.find((d) => d.rootCause)!.rootCause!, faultyObject: null, category: null, confidence: null, evidence: [], ruledOut: [], path: [] }
        : null;

  // ─── Milestones (the incident's own timestamps, else the first event that marks them).
  const at = (date: Date | null, ...types: string[]) => date ?? firstOf(...types)?.createdAt ?? null;
  const triggeredAt = incident.triggeredAt;
  const detectedAt = at(incident.detectedAt, "detection.confirmed");
  const diagnosedAt = at(incident.diagnosedAt, "diagnosis.completed");
  const proposedAt = at(incident.proposedAt, "mitigation.proposed");
  const approvedAt = at(incident.approvedAt, "approval.granted");
  const mitigatedAt = at(incident.mitigatedAt, "validation.committed");
  const resolvedAt = incident.resolvedAt;
  const escalatedAt = at(incident.escalatedAt, "operator.escalated", "diagnosis.no_safe_action", "mitigation.no_safe_action");
  const endedAt = resolvedAt ?? incident.closedAt;
  const escalated = escalatedAt !== null;
  const milestoneDates: Record<MilestoneKey, Date | null> = {
    trigger: triggeredAt,
    detection: detectedAt,
    diagnosis: diagnosedAt,
    proposal: proposedAt,
    approval: approvedAt,
    mitigation: mitigatedAt,
    resolution: endedAt,
    escalation: escalatedAt,
  };
  const mttdMs = between(triggeredAt, detectedAt);
  const mttaMs = between(triggeredAt, incident.acknowledgedAt ?? approvedAt);
  const mttrMs = between(triggeredAt, resolvedAt);

  // ─── Attempts: every proposal, its decision, and what TNR made of it.
  const proposalEvents = ofType("agent.proposal")
    .map((e) => ({ event: e, data: read(payloads.agentProposal, e) }))
    .filter((p): p is { event: EventRow; data: z.infer<typeof payloads.agentProposal> } => p.data !== null);
  // A proposal recorded only as its lifecycle event (no agent.proposal) still counts.
  for (const e of ofType("mitigation.proposed")) {
    const d = read(payloads.proposed, e);
    if (d && !proposalEvents.some((p) => p.data.transactionId === d.transactionId)) {
      proposalEvents.push({ event: e, data: { transactionId: d.transactionId, summary: d.summary, actions: [] } });
    }
  }
  proposalEvents.sort((a, b) => a.event.id - b.event.id);
  const txById = new Map(incident.transactions.map((tx) => [tx.id, tx]));
  const attempts: MitigationAttempt[] = proposalEvents.map(({ event, data }, index) => {
    const forTx = (type: string) => ofType(type).filter((e) => (e.payload as { transactionId?: unknown } | null)?.transactionId === data.transactionId);
    const grantedEvent = forTx("approval.granted")[0];
    const rejectedEvent = forTx("approval.rejected")[0];
    const granted = read(payloads.granted, grantedEvent);
    const rejected = read(payloads.rejected, rejectedEvent);
    const decidedAt = granted ? grantedEvent!.createdAt : rejected ? rejectedEvent!.createdAt : null;
    const tx = txById.get(data.transactionId);
    const verdict = tx ? verdictSchema.safeParse(tx.verdict) : null;
    const health = tx ? healthRecordSchema.parse(tx.health) : {};
    const validation = read(payloads.validation, forTx("validation.committed")[0] ?? forTx("validation.regressed")[0]);
    const undoRequest = read(payloads.operator, forTx("operator.undo_requested").at(-1));
    const undoEvent = forTx("undo.completed").at(-1) ?? forTx("undo.aborted").at(-1) ?? forTx("undo.failed").at(-1);
    const undoData = read(payloads.undo, undoEvent);
    const storedUndo = tx ? operatorUndoSchema.safeParse(tx.operatorUndo) : null;
    const undo =
      undoRequest || undoData || storedUndo?.success
        ? {
            by: undoRequest?.by ?? null,
            reason: undoRequest?.reason ?? null,
            outcome: storedUndo?.success ? storedUndo.data.outcome : undoEvent ? undoEvent.type.replace("undo.", "") : null,
            healthBefore: storedUndo?.success ? storedUndo.data.healthBefore : (undoData?.healthBefore ?? null),
            healthAfter: storedUndo?.success ? storedUndo.data.healthAfter : (undoData?.healthAfter ?? null),
          }
        : null;
    return {
      number: index + 1,
      transactionId: data.transactionId,
      summary: data.summary,
      proposedAt: event.createdAt.toISOString(),
      actions: data.actions.map((a) => ({ summary: a.summary ?? "(no summary)", kubectl: a.kubectl ?? null, risk: a.risk ?? null })),
      approval: {
        decision: granted ? "approved" : rejected ? "rejected" : "pending",
        by: granted?.by ?? rejected?.by ?? null,
        auto: granted?.auto ?? false,
        reason: rejected?.reason ?? null,
        at: iso(decidedAt),
        waitMs: between(event.createdAt, decidedAt),
      },
      outcome: tx ? (OUTCOME_BY_PHASE[tx.phase] ?? "in_flight") : "not_run",
      cause: verdict?.success ? verdict.data.cause : null,
      healthBefore: verdict?.success ? verdict.data.healthBefore : (validation?.healthBefore ?? null),
      healthAfter: verdict?.success ? verdict.data.healthAfter : (validation?.healthAfter ?? null),
      namespaceHealthBefore: health.before?.score ?? null,
      namespaceHealthAfter: health.after?.score ?? null,
      reasons: verdict?.success ? verdict.data.reasons : validation?.reason ? [validation.reason] : [],
      undo,
    };
  });

  // ─── Impact: services, alerts, duration and error budget.
  const alertServices = incident.alerts.map((a) => a.service);
  const servicesAffected = unique([...alertServices, incident.service, ...(rootCause?.path ?? []), lastDiagnosis?.service]);
  const namespace = incident.namespace ?? incident.alerts.find((a) => a.namespace)?.namespace ?? null;
  const errorBudget = await errorBudgetFor({ ...options, alerts: incident.alerts, namespace, services: servicesAffected, end: endedAt });

  // ─── Timeline entries, operator actions, agents.
  const entries: PostmortemTimelineEntry[] = [];
  for (const event of events) {
    const text = timelineText(event);
    if (text) entries.push({ at: event.createdAt.toISOString(), kind: event.type, text });
  }
  if (endedAt && !entries.some((e) => e.kind === "incident.resolved")) {
    entries.push({ at: endedAt.toISOString(), kind: "incident.resolved", text: `Incident ${incident.state === "CLOSED_AS_NOISE" ? "closed as noise" : "resolved"}` });
    entries.sort((a, b) => a.at.localeCompare(b.at));
  }
  const operatorActions = events
    .filter((e) => e.type.startsWith("operator."))
    .map((e) => ({ at: e.createdAt.toISOString(), kind: e.type, text: operatorText(e) }))
    .filter((e): e is PostmortemTimelineEntry => e.text !== null);
  const toolCalls: Record<string, number> = {};
  for (const e of ofType("agent.tool_call")) {
    const agent = read(payloads.toolCall, e)?.agent ?? "unknown";
    toolCalls[agent] = (toolCalls[agent] ?? 0) + 1;
  }
  const notes: string[] = [];
  for (const e of events) {
    if (e.type === "agent.detection") {
      const d = read(payloads.detection, e);
      if (d) notes.push(`Detection agent: ${d.verdict}, ${d.reason}`);
    } else if (e.type === "agent.diagnosis") {
      const d = diagnosisOutputSchema.safeParse(e.payload);
      if (d.success) notes.push(`Diagnosis agent: ${d.data.rootCause} (${d.data.faultyObject.kind} ${d.data.faultyObject.namespace}/${d.data.faultyObject.name}, confidence ${formatPercent(d.data.confidence)})`);
    } else if (e.type === "agent.proposal") {
      const d = read(payloads.agentProposal, e);
      if (d) notes.push(`Mitigation agent proposed: ${d.summary}`);
    } else if (e.type === "agent.proposal_refused") {
      const d = read(payloads.proposalRefused, e);
      if (d) notes.push(`Mitigation agent withdrew a proposal: ${d.reason}`);
    } else if (e.type === "agent.escalation") {
      const d = read(payloads.escalation, e);
      if (d) notes.push(`Mitigation agent escalated: ${d.reason}`);
    } else if (e.type === "rollback.reviewed") {
      const d = read(payloads.rollbackReviewed, e);
      if (d) notes.push(`Lesson handed to the next diagnosis: ${d.whatDidNotWork}`);
    }
  }

  // ─── Contributing factors (from the last diagnosis and the event log).
  const contributingFactors: string[] = [];
  if (lastDiagnosis?.rollout) {
    const r = lastDiagnosis.rollout;
    const changes = r.changes.map((c) => `${c.field}: ${c.before ?? "(none)"} → ${c.after ?? "(none)"}`).join("; ");
    contributingFactors.push(`A rollout of deployment ${r.deployment} (revision ${r.fromRevision} → ${r.toRevision})${r.startedBeforeSymptoms ? " started shortly before the symptoms" : ""}${changes ? `: ${changes}` : ""}`);
  }
  for (const other of lastDiagnosis?.otherCauses ?? []) {
    contributingFactors.push(`Another fault was active at the same time: ${other.rootCause} (${other.faultyObject.kind} ${other.faultyObject.namespace}/${other.faultyObject.name})`);
  }
  if (rootCause && rootCause.path.length > 1) contributingFactors.push(`The failure propagated along the call path ${rootCause.path.join(" → ")}`);
  if (firstOf("alerts.refired")) contributingFactors.push("Alerts fired again after they had cleared");
  if (firstOf("alerts.clearance_timeout")) contributingFactors.push("The alerts did not clear in time after the committed fix");

  // ─── Judgements.
  const committed = attempts.filter((a) => a.outcome === "committed");
  const rolledBack = attempts.filter((a) => a.outcome === "rolled_back" || a.outcome === "aborted");
  const rejected = attempts.filter((a) => a.approval.decision === "rejected");
  const slowApprovals = attempts.filter((a) => !a.approval.auto && a.approval.waitMs !== null && a.approval.waitMs > LONG_APPROVAL_WAIT_MS);
  const failedRestores = ofType("rollback.failed", "undo.failed");
  const wentWell: string[] = [];
  const wentBadly: string[] = [];
  if (mttdMs !== null && mttdMs <= FAST_DETECTION_MS) wentWell.push(`The failure was confirmed ${formatDurationMs(mttdMs)} after the first alert`);
  if (mttdMs !== null && mttdMs > SLOW_DETECTION_MS) wentBadly.push(`Detection took ${formatDurationMs(mttdMs)} after the first alert`);
  if (rootCause?.confidence != null && rootCause.confidence >= CONFIDENT_DIAGNOSIS && rootCause.faultyObject) {
    wentWell.push(`The diagnosis named the faulty object (${rootCause.faultyObject.kind} ${rootCause.faultyObject.namespace}/${rootCause.faultyObject.name}) with ${formatPercent(rootCause.confidence)} confidence`);
  }
  for (const a of committed) {
    wentWell.push(`TNR verified attempt ${a.number} before keeping it: H ${formatScore(a.healthBefore)} → ${formatScore(a.healthAfter)}`);
  }
  for (const a of rolledBack) {
    wentBadly.push(`Attempt ${a.number} (${a.summary}) was rolled back: H ${formatScore(a.healthBefore)} → ${formatScore(a.healthAfter)}${a.reasons[0] ? ` (${a.reasons[0]})` : ""}`);
  }
  if (rolledBack.length > 0 && failedRestores.length === 0) wentWell.push("Every rolled-back change was restored automatically, with no regression left behind");
  for (const a of rejected) wentBadly.push(`Attempt ${a.number} (${a.summary}) was rejected by ${a.approval.by}: ${a.approval.reason}`);
  for (const a of slowApprovals) wentBadly.push(`Attempt ${a.number} waited ${formatDurationMs(a.approval.waitMs)} for approval`);
  if (attempts.some((a) => a.approval.auto && a.approval.decision === "approved")) wentWell.push("The autopilot policy approved the mitigation without waiting for a human");
  if (escalated) {
    const why = noSafeActions.at(-1)?.reason ?? read(payloads.operator, firstOf("operator.escalated"))?.reason ?? "the incident needed a human";
    wentBadly.push(`The incident was escalated to a human: ${why}`);
  }
  for (const e of failedRestores) {
    const d = read(payloads.rollbackFailed, e) ?? read(payloads.undo, e);
    wentBadly.push(`${e.type === "rollback.failed" ? "A rollback" : "An undo"} could not restore everything${d && "error" in d && d.error ? `: ${d.error}` : ""}`);
  }
  const budgetCallouts = errorBudget.status === "measured" ? errorBudget.services.filter((s) => (s.shareOf30DayBudget ?? 0) >= NOTABLE_BUDGET_SHARE) : [];
  for (const s of budgetCallouts) wentBadly.push(`${s.service} burned about ${formatPercent(s.shareOf30DayBudget ?? 0)} of its 30-day error budget`);
  if (errorBudget.status === "unknown") wentBadly.push(`The error budget burned could not be measured: ${errorBudget.reason}`);

  const followUps: string[] = [];
  if (rootCause?.faultyObject) {
    const object = `${rootCause.faultyObject.kind} ${rootCause.faultyObject.namespace}/${rootCause.faultyObject.name}`;
    const byType: Record<string, string> = {
      Misconfiguration: `Add a check (admission policy or CI validation) that would have rejected the faulty configuration of ${object}`,
      "Operation Error": `Review the change process that produced the faulty ${object}, and why it was not caught before it reached the cluster`,
      "Code Defect": `Fix the defect behind ${object} and add a regression test for it`,
      "Authentication Issue": `Audit the credentials and permissions ${object} depends on, and alert on authentication failures`,
      "Network/Storage Issue": `Review the network and storage dependencies of ${object}, with timeouts and alerts on their errors`,
      "Dependency Problem": `Protect the callers of ${object} (timeouts, retries with budgets, circuit breaking)`,
    };
    followUps.push(byType[rootCause.category?.faultType ?? ""] ?? `Prevent the fault in ${object} from recurring`);
  }
  if (lastDiagnosis?.rollout) followUps.push(`Gate rollouts of ${lastDiagnosis.rollout.deployment} on readiness (progress deadline and automatic rollback)`);
  const runbookSteps = noSafeActions.at(-1)?.runbookSteps ?? [];
  if (runbookSteps.length > 0) followUps.push(`Write a runbook for this failure from the manual steps: ${runbookSteps.join("; ")}`);
  for (const a of rolledBack) followUps.push(`Find out why "${a.summary}" regressed${a.reasons[0] ? ` (${a.reasons[0]})` : ""} and adjust the mitigation playbook`);
  for (const a of rejected) followUps.push(`Teach the mitigation agent why "${a.summary}" was rejected: ${a.approval.reason}`);
  for (const a of slowApprovals) {
    const risks = unique(a.actions.map((x) => x.risk));
    if (namespace && risks.length > 0 && risks.every((r) => r === "low")) followUps.push(`Consider an autopilot policy for low-risk actions in namespace ${namespace} (approval took ${formatDurationMs(a.approval.waitMs)})`);
  }
  if (mttdMs !== null && mttdMs > SLOW_DETECTION_MS) {
    const first = incident.alerts[0]?.name;
    followUps.push(`Detect sooner: review the threshold and 'for' duration of ${first ? `alert ${first}` : "the alert rules"}`);
  }
  for (const e of failedRestores) followUps.push(`Verify by hand that the changes of transaction ${(e.payload as { transactionId?: string }).transactionId ?? "?"} are fully reverted`);
  if (errorBudget.status === "unknown" && !options.metrics) followUps.push("Configure a metrics source (PROMETHEUS_URL) so that postmortems measure the error budget burned");

  // ─── Summary.
  const where = [incident.namespace && `namespace ${incident.namespace}`, incident.cluster && `cluster ${incident.cluster}`].filter(Boolean).join(", ");
  const servicesText = servicesAffected.length ? servicesAffected.join(", ") : "an unknown service";
  const sentences = [
    `${incident.title} (${incident.severity}) affected ${servicesText}${where ? ` in ${where}` : ""}${endedAt ? ` for ${formatDurationMs(between(triggeredAt, endedAt))}` : `, and is still ${incident.state}`}.`,
    rootCause ? `Root cause: ${rootCause.summary.replace(/\.$/, "")}.` : "No root cause was established.",
  ];
  const fix = committed.at(-1);
  const operatorResolved = read(payloads.operator, ofType("operator.resolved").at(-1));
  if (fix) {
    const approver = fix.approval.auto ? `auto-approved by ${fix.approval.by}` : `approved by ${fix.approval.by ?? "an operator"}`;
    const retries = rolledBack.length ? ` after ${rolledBack.length} rolled-back attempt${rolledBack.length === 1 ? "" : "s"}` : "";
    sentences.push(`It was mitigated by "${fix.summary}" (${approver})${retries}; TNR verified it: H ${formatScore(fix.healthBefore)} → ${formatScore(fix.healthAfter)}.`);
  } else if (operatorResolved) {
    sentences.push(`${operatorResolved.by} resolved it by hand${operatorResolved.note ? `: ${operatorResolved.note}` : ""}.`);
  } else if (escalated) {
    sentences.push("No automated mitigation was kept; it was escalated to a human.");
  } else if (endedAt) {
    sentences.push("It resolved without a committed mitigation.");
  }

  const facts: PostmortemFacts = {
    version: POSTMORTEM_FACTS_VERSION,
    gatheredAt: now.toISOString(),
    incident: {
      id: incident.id,
      title: incident.title,
      severity: incident.severity,
      state: incident.state,
      cluster: incident.cluster,
      namespace,
      service: incident.service,
      reasoner: incident.reasoner,
    },
    summary: sentences.join(" "),
    impact: {
      start: triggeredAt.toISOString(),
      end: iso(endedAt),
      durationMs: between(triggeredAt, endedAt),
      servicesAffected,
      alerts: incident.alerts.map((a) => ({ name: a.name, service: a.service, severity: a.severity, startsAt: a.startsAt.toISOString(), endsAt: iso(a.endsAt) })),
      errorBudget,
    },
    timeline: {
      milestones: (Object.keys(milestoneDates) as MilestoneKey[]).map((key) => ({ key, at: iso(milestoneDates[key]) })),
      mttdMs,
      mttaMs,
      mttrMs,
      entries,
    },
    rootCause,
    contributingFactors,
    agents: { reasoner: incident.reasoner, toolCalls, diagnoses: Math.max(diagnoses.length, ofType("diagnosis.completed").length), notes },
    attempts,
    operatorActions,
    wentWell,
    wentBadly,
    followUps: unique(followUps),
  };
  // What we store must be what the schema promises (a bug here must not write a malformed record).
  return postmortemFactsSchema.parse(facts);
}

/**
 * The error budget over the alerts' own window. Alerts carry the telemetry's clock (the simulator
 * runs accelerated), unlike the incident's milestones (the app's wall clock), so the window is
 * taken from them: first start to last end (or the incident's end while an alert has none).
 */
async function errorBudgetFor(options: GatherPostmortemFactsOptions & { alerts: { startsAt: Date; endsAt: Date | null }[]; namespace: string | null; services: string[]; end: Date | null }): Promise<ErrorBudget> {
  if (!options.metrics) return { status: "unknown", reason: "no metrics source is configured" };
  if (!options.namespace) return { status: "unknown", reason: "the incident names no namespace to measure" };
  const starts = options.alerts.map((a) => ms(a.startsAt));
  if (starts.length === 0) return { status: "unknown", reason: "the incident has no alerts to date its impact" };
  const ends = options.alerts.map((a) => a.endsAt);
  const end = ends.every((e): e is Date => e !== null) ? Math.max(...ends.map(ms)) : (options.end ?? options.now).getTime();
  const start = Math.min(...starts);
  if (end <= start) return { status: "unknown", reason: "the incident's impact window is empty (its end is not after its first alert)" };
  return measureErrorBudget({ metrics: options.metrics, namespace: options.namespace, services: options.services, start: new Date(start), end: new Date(end), ...(options.slos ? { slos: options.slos } : {}) });
}
