/**
 * What the incident page shows, read from the incident's event log: the latest diagnosis, one
 * card per proposed transaction (its actions, who decided, what TNR measured and concluded, an
 * operator's undo), and the chart markers. Pure and framework-free: the browser runs it on the
 * events it streamed, the health route on the events it read, and the tests on fixtures.
 * Payloads are read defensively: an event written by an older version must not break the page.
 */
import type { IncidentEventView } from "../incidents/incident-views";

type Json = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === "string");

/** One piece of evidence and the timeline entry it cites, if any. */
export interface EvidenceView {
  summary: string;
  /** `callId` of the tool call cited, or the call that returned the cited analyzer finding. */
  callId: string | null;
  findingId: string | null;
  metric: string | null;
}

export interface DiagnosisView {
  eventId: number;
  rootCause: string;
  faultyObject: { kind: string; namespace: string; name: string } | null;
  service: string | null;
  category: { systemLevel: string; faultType: string } | null;
  confidence: number | null;
  evidence: EvidenceView[];
  ruledOut: { hypothesis: string; why: string }[];
  path: string[];
}

/** One scope's health at a checkpoint, with its parts. */
export interface ScopeHealthView {
  scope: string;
  score: number;
  /** Component scores 0..1 (availability, errors, latency, pods); empty for a namespace. */
  parts: Record<string, number>;
  findings: string[];
}

/** A checkpoint (before or after): the target service and the namespace. */
export interface CheckpointView {
  at: string | null;
  target: ScopeHealthView | null;
  namespace: ScopeHealthView | null;
}

export interface ActionView {
  summary: string;
  kubectl: string;
  risk: string;
  reason: string | null;
  blastRadius: { pods: string[]; services: string[] };
  dryRun: { ok: boolean; message: string | null };
  diff: string;
}

export type TransactionStatus =
  | "awaiting_approval"
  | "rejected"
  | "approved"
  | "executing"
  | "validating"
  | "committed"
  | "rolling_back"
  | "rolled_back"
  | "rollback_failed"
  | "undoing"
  | "undone"
  | "undo_aborted"
  | "undo_failed"
  | "superseded";

export interface TransactionView {
  transactionId: string;
  proposedEventId: number;
  proposedAt: string;
  summary: string;
  namespace: string | null;
  targetService: string | null;
  actions: ActionView[];
  status: TransactionStatus;
  decision: { kind: "approved" | "rejected"; by: string; auto: boolean; reason: string | null; at: string; eventId: number } | null;
  before: CheckpointView | null;
  after: CheckpointView | null;
  verdict: { outcome: string; cause: string | null; reasons: string[]; scoreBefore: number | null; scoreAfter: number | null } | null;
  undoRequest: { by: string; reason: string; at: string } | null;
  undoOutcome: { kind: "undone" | "aborted" | "failed"; reason: string | null } | null;
  /** Runbook passages consulted for the proposal. */
  runbookCitations: { citation: string; section: string; runbook: string }[];
  /** What past incidents said about this fix (ranked higher or lower), and whether it was taken from one. */
  history: { reasoning: string[]; fromIncidentId: string | null } | null;
  /** The operator who asked for it ("Ask the incident"); null for the agents' proposals. */
  requestedBy: string | null;
}

export type MarkerKind = "alert" | "approval" | "rejection" | "execution" | "validation" | "commit" | "rollback" | "undo" | "resolved";

/** A vertical line (or, with `endAt`, a band) on the health charts. */
export interface ChartMarker {
  kind: MarkerKind;
  at: string;
  endAt?: string;
  label: string;
  eventId: number;
}

export interface IncidentViewModel {
  diagnosis: DiagnosisView | null;
  transactions: TransactionView[];
  markers: ChartMarker[];
  /** callId -> event id of the `agent.tool_call` that made it (timeline anchors). */
  toolCalls: Map<string, number>;
  /** When the incident first entered each lifecycle state (from the events' `to`), for MTTx. */
  firstEntered: Partial<Record<string, string>>;
  /** The reasoner the pipeline chose (latest), e.g. `rules` or `llm:gpt-4o-mini`. */
  reasoner: string | null;
  /** Model tokens the incident's agent steps used (LLM reasoner; 0 with rules). */
  tokens: { input: number; output: number };
}

function scopeHealth(measurement: unknown, service: string | null): CheckpointView | null {
  const m = obj(measurement);
  if (!m) return null;
  const services = arr(m.services).map(obj).filter((s): s is Json => s !== null);
  const target = service ? services.find((s) => s.service === service) : undefined;
  const targetParts = obj(obj(target?.parts)?.scores) ?? {};
  const aggregate = obj(m.aggregate);
  return {
    at: str(m.at),
    target: target
      ? {
          scope: `service ${String(target.service)}`,
          score: num(target.score) ?? 0,
          parts: Object.fromEntries(Object.entries(targetParts).filter(([, v]) => typeof v === "number")) as Record<string, number>,
          findings: strings(obj(target.parts)?.findings),
        }
      : null,
    namespace:
      num(m.score) !== null
        ? {
            scope: `namespace ${String(m.namespace ?? "")}`,
            score: num(m.score)!,
            parts: Object.fromEntries(
              [
                ["lowest service", num(aggregate?.min)],
                ["mean of services", num(aggregate?.mean)],
              ].filter((e): e is [string, number] => e[1] !== null),
            ),
            findings: str(aggregate?.worst) ? [`lowest: ${String(aggregate!.worst)}`] : [],
          }
        : null,
  };
}

function evidenceOf(items: unknown, findingCalls: Map<string, string>): EvidenceView[] {
  return arr(items)
    .map(obj)
    .filter((e): e is Json => e !== null)
    .map((e) => {
      const source = obj(e.source) ?? {};
      const findingId = str(source.findingId);
      return {
        summary: str(e.summary) ?? "",
        callId: str(source.callId) ?? (findingId ? (findingCalls.get(findingId) ?? null) : null),
        findingId,
        metric: str(source.metric),
      };
    });
}

const TERMINAL_TX: TransactionStatus[] = ["rejected", "committed", "rolled_back", "rollback_failed", "undone", "undo_failed", "superseded"];

/** Reads the view model from events in id order. */
export function deriveIncidentView(events: readonly IncidentEventView[]): IncidentViewModel {
  const toolCalls = new Map<string, number>();
  const findingCalls = new Map<string, string>();
  const transactions = new Map<string, TransactionView>();
  const markers: ChartMarker[] = [];
  let diagnosis: DiagnosisView | null = null;
  let validationStart: { at: string; eventId: number } | null = null;
  const txOf = (p: Json) => transactions.get(str(p.transactionId) ?? "");
  const firstEntered: Partial<Record<string, string>> = {};
  let reasoner: string | null = null;
  const tokens = { input: 0, output: 0 };

  for (const event of events) {
    const p = event.payload ?? {};
    const to = str(p.to);
    if (to && str(p.from) !== null && !event.type.startsWith("pipeline.") && !firstEntered[to]) firstEntered[to] = event.createdAt;
    if (event.type === "pipeline.reasoner_chosen") reasoner = str(p.reasoner) ?? reasoner;
    if (event.type === "agent.step") {
      const usage = obj(p.usage);
      if (usage && typeof usage.inputTokens === "number" && typeof usage.outputTokens === "number") {
        tokens.input += usage.inputTokens;
        tokens.output += usage.outputTokens;
      }
    }
    if (event.type === "pipeline.reasoner_changed") reasoner = str(p.to) ?? reasoner;
    switch (event.type) {
      case "incident.opened":
        markers.push({ kind: "alert", at: event.createdAt, label: `alert ${str(p.name) ?? ""}`.trim(), eventId: event.id });
        break;
      case "agent.tool_call": {
        const callId = str(p.callId);
        if (callId) {
          toolCalls.set(callId, event.id);
          // Analyzer findings are cited by id; link them to the call whose output listed them.
          for (const match of (str(p.output) ?? "").matchAll(/"id"\s*:\s*"([^"]+)"/g)) if (!findingCalls.has(match[1]!)) findingCalls.set(match[1]!, callId);
        }
        break;
      }
      case "agent.diagnosis":
        diagnosis = {
          eventId: event.id,
          rootCause: str(p.rootCause) ?? "",
          faultyObject: obj(p.faultyObject) as DiagnosisView["faultyObject"],
          service: str(p.service),
          category: obj(p.category) as DiagnosisView["category"],
          confidence: num(p.confidence),
          evidence: evidenceOf(p.evidence, findingCalls),
          ruledOut: arr(p.ruledOut)
            .map(obj)
            .filter((r): r is Json => r !== null)
            .map((r) => ({ hypothesis: str(r.hypothesis) ?? "", why: str(r.why) ?? "" })),
          path: strings(p.path),
        };
        break;
      case "agent.proposal": {
        const id = str(p.transactionId);
        if (!id) break;
        // A new proposal supersedes one still waiting (the previous was rejected or rolled back).
        for (const tx of transactions.values()) if (!TERMINAL_TX.includes(tx.status) && tx.status === "awaiting_approval") tx.status = "superseded";
        const reasons = strings(p.reasons);
        transactions.set(id, {
          transactionId: id,
          proposedEventId: event.id,
          proposedAt: event.createdAt,
          summary: str(p.summary) ?? "",
          namespace: str(p.namespace),
          targetService: str(p.targetService),
          actions: arr(p.actions)
            .map(obj)
            .filter((a): a is Json => a !== null)
            .map((a, i) => {
              const dry = obj(a.dryRun) ?? {};
              const blast = obj(a.blastRadius) ?? {};
              return {
                summary: str(a.summary) ?? str(obj(a.action)?.type) ?? "action",
                kubectl: str(a.kubectl) ?? "",
                risk: str(a.risk) ?? "unknown",
                reason: str(a.reason) ?? reasons[i] ?? null,
                blastRadius: { pods: strings(blast.pods), services: strings(blast.services) },
                dryRun: { ok: dry.ok === true, message: str(dry.message) },
                diff: str(a.diff) ?? "",
              };
            }),
          status: "awaiting_approval",
          decision: null,
          before: null,
          after: null,
          verdict: null,
          undoRequest: null,
          undoOutcome: null,
          runbookCitations: arr(p.runbookCitations)
            .map(obj)
            .filter((c): c is Json => c !== null && typeof c.citation === "string")
            .map((c) => ({ citation: str(c.citation) ?? "", section: str(c.section) ?? "", runbook: str(c.runbook) ?? "" })),
          history: obj(p.history) ? { reasoning: strings(obj(p.history)!.reasoning), fromIncidentId: str(obj(obj(p.history)!.fromHistory)?.incidentId) } : null,
          requestedBy: str(p.requestedBy),
        });
        break;
      }
      case "approval.granted": {
        const tx = txOf(p);
        if (tx) {
          tx.status = "approved";
          tx.decision = { kind: "approved", by: str(p.by) ?? "unknown", auto: p.auto === true, reason: null, at: event.createdAt, eventId: event.id };
        }
        markers.push({ kind: "approval", at: event.createdAt, label: `approved by ${str(p.by) ?? "?"}`, eventId: event.id });
        break;
      }
      case "approval.rejected": {
        const tx = txOf(p);
        if (tx) {
          tx.status = "rejected";
          tx.decision = { kind: "rejected", by: str(p.by) ?? "unknown", auto: false, reason: str(p.reason), at: event.createdAt, eventId: event.id };
        }
        markers.push({ kind: "rejection", at: event.createdAt, label: `rejected by ${str(p.by) ?? "?"}`, eventId: event.id });
        break;
      }
      case "execution.started": {
        const tx = txOf(p);
        if (tx) tx.status = "executing";
        markers.push({ kind: "execution", at: event.createdAt, label: "execution", eventId: event.id });
        break;
      }
      case "execution.completed": {
        const tx = txOf(p);
        if (tx) tx.status = "validating";
        validationStart = { at: event.createdAt, eventId: event.id };
        break;
      }
      case "execution.failed":
      case "validation.regressed": {
        const tx = txOf(p);
        if (tx) tx.status = "rolling_back";
        if (validationStart && event.type === "validation.regressed") {
          markers.push({ kind: "validation", at: validationStart.at, endAt: event.createdAt, label: "validation window", eventId: validationStart.eventId });
          validationStart = null;
        }
        break;
      }
      case "validation.committed": {
        const tx = txOf(p);
        if (tx) tx.status = "committed";
        if (validationStart) markers.push({ kind: "validation", at: validationStart.at, endAt: event.createdAt, label: "validation window", eventId: validationStart.eventId });
        validationStart = null;
        markers.push({ kind: "commit", at: event.createdAt, label: "committed", eventId: event.id });
        break;
      }
      case "rollback.completed": {
        const tx = txOf(p);
        if (tx) tx.status = "rolled_back";
        markers.push({ kind: "rollback", at: event.createdAt, label: "rolled back", eventId: event.id });
        break;
      }
      case "rollback.failed": {
        const tx = txOf(p);
        if (tx) tx.status = "rollback_failed";
        markers.push({ kind: "rollback", at: event.createdAt, label: "rollback failed", eventId: event.id });
        break;
      }
      case "operator.undo_requested": {
        const tx = txOf(p);
        if (tx) {
          tx.status = "undoing";
          tx.undoRequest = { by: str(p.by) ?? "unknown", reason: str(p.reason) ?? "", at: event.createdAt };
        }
        break;
      }
      case "undo.completed":
      case "undo.aborted":
      case "undo.failed": {
        const tx = txOf(p);
        const kind = event.type === "undo.completed" ? "undone" : event.type === "undo.aborted" ? "aborted" : "failed";
        if (tx) {
          tx.status = kind === "undone" ? "undone" : kind === "aborted" ? "undo_aborted" : "undo_failed";
          tx.undoOutcome = { kind, reason: str(p.reason) ?? str(p.error) };
        }
        markers.push({ kind: "undo", at: event.createdAt, label: kind === "undone" ? "undone" : `undo ${kind}`, eventId: event.id });
        break;
      }
      case "tnr.detail": {
        const tx = txOf(p);
        if (!tx) break;
        // Only the transaction's own checkpoints: the first "before" and the latest "after".
        if (p.healthBefore && !tx.before && !String(p.event ?? "").startsWith("undo")) tx.before = scopeHealth(p.healthBefore, tx.targetService);
        if (p.healthAfter && !String(p.event ?? "").startsWith("undo")) tx.after = scopeHealth(p.healthAfter, tx.targetService);
        break;
      }
      case "tnr.result": {
        const tx = txOf(p);
        if (tx) tx.verdict = { outcome: str(p.verdict) ?? "unknown", cause: str(p.cause), reasons: strings(p.reasons), scoreBefore: num(p.scoreBefore), scoreAfter: num(p.scoreAfter) };
        break;
      }
      case "alerts.cleared":
      case "operator.resolved":
        if (p.to === "RESOLVED") markers.push({ kind: "resolved", at: event.createdAt, label: "resolved", eventId: event.id });
        break;
      default:
        break;
    }
  }
  return { diagnosis, transactions: [...transactions.values()], markers, toolCalls, firstEntered, reasoner, tokens };
}
