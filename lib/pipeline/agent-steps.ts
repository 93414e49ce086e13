import "server-only";
/**
 * The pipeline's steps backed by the rules agents (lib/agents) and the TNR engine (lib/tnr):
 * detect -> diagnose -> propose (with autopilot approval) -> transact -> review a rollback.
 * Every tool call and reasoning step of an agent is recorded on the incident's timeline as it
 * happens; the transaction's lifecycle events are applied live, so the state follows the engine.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Alert } from "../db/generated/sqlite/client";
import type { Db } from "../db/client";
import { planAction, mitigationActionSchema, type MitigationAction } from "../cluster/actions/catalogue";
import type { RecreateServiceParams } from "../cluster/actions/recreate-service";
import type { RiskLevel } from "../cluster/actions/types";
import type { NormalizedAlert, Severity } from "../alerts/types";
import { SEVERITIES } from "../alerts/types";
import { applyLifecycleEvent } from "../incidents/apply-lifecycle-event";
import { renewLease } from "../incidents/incident-lease";
import { lifecycleEventSchema, type LifecycleEvent } from "../incidents/lifecycle";
import type { AgentName, AgentStep } from "../agents/agent-context";
import { createAgentContext } from "../agents/create-agent-context";
import { detectionOutputSchema } from "../agents/detection-schema";
import { diagnosisOutputSchema, type DiagnosisOutput } from "../agents/diagnosis-schema";
import { mitigationOutputSchema } from "../agents/mitigation-schema";
import type { Reasoner } from "../reasoning/reasoner";
import { createRulesReasoner } from "../reasoning/rules-reasoner";
import type { MemoryToolDeps } from "../memory/memory-tool-deps";
import { consultMemory, rerankWithHistory } from "./consult-memory";
import type { MetricsSource } from "../telemetry/types";
import { recordingMetricsSource, type MetricsRead } from "../telemetry/recording-metrics-source";
import type { ToolContext } from "../tools/types";
import { createPrismaTnrStore } from "../tnr/db/prisma-tnr-store";
import { recoverTransaction, runTransaction, undoCommittedTransaction, IN_FLIGHT_PHASES, type Clock, type HealthProbe, type TnrEvent, type TnrOptions, type TnrStore, type WriteLock } from "../tnr";
import { DEFAULT_LEASE_MS } from "./run-worker-once";
import type { PipelineSteps, StepContext, StepOutcome, TimelineStep } from "./pipeline-steps";

/** Most characters of a tool's output kept on the timeline. */
export const MAX_RECORDED_TOOL_OUTPUT_CHARS = 4_000;

/** Highest action risk the autopilot may approve, per namespace (absent: a human approves everything). */
export type AutopilotPolicy = Record<string, RiskLevel>;

export interface AgentPipelineDeps {
  db: Db;
  /** Clients and clock the agents' read-only tools run with (`defaultNamespace` is set per incident). */
  toolContext: ToolContext;
  metrics: MetricsSource;
  tnr: {
    lock: WriteLock;
    clock: Clock;
    /** A health probe of one namespace (the transaction's). */
    health: (namespace: string) => HealthProbe;
    options?: Omit<TnrOptions, "owner">;
    /** Wraps the write-ahead log (tests: crash at an exact write). */
    wrapStore?: (store: TnrStore) => TnrStore;
  };
  /** A fixed policy, or a lookup (the admins' policies in the database over the AUTOPILOT default). */
  autopilot: AutopilotPolicy | ((namespace: string) => Promise<RiskLevel | null>);
  /** Cluster name the write lock and the transactions are keyed by. */
  cluster: string;
  /** The instant agents reason about (default: the tool context's clock). */
  now?: () => Date;
  /** The incident lease length the worker claims with; renewed while a transaction runs. */
  leaseMs?: number;
  /** Last known Service specs of a namespace (a topology snapshot), to recreate a deleted one. */
  knownServiceSpecs?: (namespace: string) => Promise<RecreateServiceParams[] | null>;
  /**
   * How the agents think (default: the rules reasoner). Chosen per incident when the pipeline first
   * takes it and recorded on the incident; an incident recorded with a reasoner that is no longer
   * configured continues with this one, and the timeline says so.
   */
  reasoner?: Reasoner;
  /** Embeddings and web research for the memory tools (absent: BM25 runbook search, no web). */
  memory?: Omit<MemoryToolDeps, "db" | "incidentId">;
}

const RISK_RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };

/** What `agent.proposal` stores: enough for the approval card and for the transaction itself. */
const proposalSchema = z.object({
  transactionId: z.string().min(1),
  namespace: z.string().min(1),
  targetService: z.string().nullable(),
  summary: z.string(),
  actions: z.array(z.object({ action: mitigationActionSchema, risk: z.enum(["low", "medium", "high"]) }).loose()).min(1),
});
type StoredProposal = z.infer<typeof proposalSchema>;

const bounded = (text: string, max = MAX_RECORDED_TOOL_OUTPUT_CHARS) => (text.length > max ? `${text.slice(0, max)}\n... [${text.length - max} more characters]` : text);
const nonEmpty = (items: string[], fallback: string) => (items.length > 0 ? items : [fallback]);

/** Most telemetry reads recorded in one `agent.metrics_reads` step. */
const MAX_READS_PER_STEP = 50;

/**
 * Appends timeline steps in order from synchronous callbacks; `flush` awaits them (and surfaces a
 * failed write). Telemetry reads come in bursts of dozens (a call-graph walk), so they are
 * gathered into one `agent.metrics_reads` step, written before the agent's next step.
 */
function timelineWriter(ctx: StepContext, agent: AgentName) {
  let chain: Promise<void> = Promise.resolve();
  let reads: (MetricsRead & { callId: string })[] = [];
  let readCount = 0;
  const append = (step: TimelineStep) => {
    chain = chain.then(() => ctx.record(step));
  };
  const flushReads = () => {
    if (reads.length === 0) return;
    append({ type: "agent.metrics_reads", payload: { agent, reads: reads.map((r) => ({ ...r, output: bounded(r.output, 500) })) } });
    reads = [];
  };
  return {
    push(step: TimelineStep) {
      flushReads();
      append(step);
    },
    pushRead(read: MetricsRead) {
      reads.push({ ...read, callId: `${agent}-metrics-${++readCount}` });
      if (reads.length >= MAX_READS_PER_STEP) flushReads();
    },
    flush: () => {
      flushReads();
      return chain;
    },
  };
}

function toNormalizedAlert(row: Alert): NormalizedAlert {
  const severity = (SEVERITIES as readonly string[]).includes(row.severity) ? (row.severity as Severity) : "warning";
  return {
    source: row.source as NormalizedAlert["source"],
    externalId: row.externalId,
    fingerprint: row.fingerprint,
    status: row.status === "resolved" ? "resolved" : "firing",
    severity,
    name: row.name,
    summary: row.summary,
    description: row.description,
    cluster: row.cluster,
    namespace: row.namespace,
    service: row.service,
    groupHint: null,
    labels: (row.labels ?? {}) as Record<string, string>,
    annotations: (row.annotations ?? {}) as Record<string, string>,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    generatorUrl: row.generatorUrl,
    raw: row.raw,
  };
}

/** Rules agents + TNR as the pipeline's steps. */
export function createAgentPipelineSteps(deps: AgentPipelineDeps): PipelineSteps {
  const { db } = deps;
  const agentNow = deps.now ?? deps.toolContext.now;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const wrapStore = deps.tnr.wrapStore ?? ((store: TnrStore) => store);
  const reasoner = deps.reasoner ?? createRulesReasoner();

  /** The incident's reasoner: recorded on first use; a recorded one that is gone is replaced, on the record. */
  async function reasonerFor(ctx: StepContext): Promise<Reasoner> {
    const recorded = ctx.incident.reasoner;
    if (recorded === reasoner.id) return reasoner;
    await db.incident.update({ where: { id: ctx.incident.id }, data: { reasoner: reasoner.id } });
    if (recorded) await ctx.record({ type: "pipeline.reasoner_changed", payload: { from: recorded, to: reasoner.id, reason: `reasoner ${recorded} is not configured in this worker` } });
    else await ctx.record({ type: "pipeline.reasoner_chosen", payload: { reasoner: reasoner.id } });
    ctx.incident.reasoner = reasoner.id;
    return reasoner;
  }

  async function clearedAlertCount(incidentId: string): Promise<number> {
    return db.alert.count({ where: { incidentId, status: "resolved" } });
  }

  /** Model tokens the incident's agent steps have used so far (the LLM reasoner's per-incident budget). */
  async function tokensUsed(incidentId: string): Promise<number> {
    const steps = await db.incidentEvent.findMany({ where: { incidentId, type: "agent.step" }, select: { payload: true } });
    let total = 0;
    for (const { payload } of steps) {
      const usage = (payload as { usage?: { inputTokens?: unknown; outputTokens?: unknown } } | null)?.usage;
      if (usage && typeof usage.inputTokens === "number" && typeof usage.outputTokens === "number") total += usage.inputTokens + usage.outputTokens;
    }
    return total;
  }

  async function incidentAlerts(ctx: StepContext): Promise<{ namespace: string; alerts: NormalizedAlert[] }> {
    const rows = await db.alert.findMany({ where: { incidentId: ctx.incident.id, status: "firing" }, orderBy: { startsAt: "asc" } });
    const alerts = rows.map(toNormalizedAlert);
    const namespace = ctx.incident.namespace ?? alerts.find((a) => a.namespace)?.namespace ?? deps.toolContext.defaultNamespace;
    return { namespace, alerts };
  }

  /** An agent context whose tool calls and reasoning steps go to the timeline. */
  async function agentContext(ctx: StepContext, agent: AgentName, namespace: string) {
    const timeline = timelineWriter(ctx, agent);
    const metrics = recordingMetricsSource(deps.metrics, (read) => timeline.pushRead(read));
    const agentCtx = createAgentContext({
      tokensUsed: await tokensUsed(ctx.incident.id),
      toolContext: { ...deps.toolContext, defaultNamespace: namespace, metrics: deps.metrics, memory: { ...deps.memory, db, incidentId: ctx.incident.id } },
      metrics,
      now: agentNow(),
      callIdPrefix: `${agent}-${randomUUID().slice(0, 8)}`,
      emit: (step: AgentStep) => timeline.push({ type: "agent.step", payload: { ...step } }),
      onToolCall: ({ callId, name, params, result }) =>
        timeline.push({
          type: "agent.tool_call",
          payload: {
            agent,
            callId,
            tool: name,
            params,
            ok: result.ok,
            output: bounded(result.ok ? result.output : result.error),
            durationMs: result.durationMs,
          },
        }),
    });
    return { agentCtx, timeline };
  }

  async function eventsOf(incidentId: string, types: string[]) {
    return db.incidentEvent.findMany({ where: { incidentId, type: { in: types } }, orderBy: { id: "asc" } });
  }

  async function latestDiagnosis(incidentId: string): Promise<DiagnosisOutput> {
    const row = await db.incidentEvent.findFirst({ where: { incidentId, type: "agent.diagnosis" }, orderBy: { id: "desc" } });
    if (!row) throw new Error(`incident ${incidentId} has no agent.diagnosis event to propose from`);
    return diagnosisOutputSchema.parse(row.payload);
  }

  async function approvedProposal(incidentId: string): Promise<StoredProposal> {
    const granted = await db.incidentEvent.findFirst({ where: { incidentId, type: "approval.granted" }, orderBy: { id: "desc" } });
    const transactionId = (granted?.payload as { transactionId?: unknown } | null)?.transactionId;
    if (typeof transactionId !== "string") throw new Error(`incident ${incidentId} has no approval.granted event`);
    const proposals = await eventsOf(incidentId, ["agent.proposal"]);
    const match = proposals.reverse().find((p) => (p.payload as { transactionId?: unknown }).transactionId === transactionId);
    if (!match) throw new Error(`no agent.proposal for approved transaction ${transactionId}`);
    return proposalSchema.parse(match.payload);
  }

  /** Runs (or resumes) TNR with each lifecycle event applied live under the incident lease. */
  function tnrRuntime(ctx: StepContext, namespace: string, transactionId: string) {
    let leaseLost = false;
    const keepLease = async () => {
      if (leaseLost) return false;
      const held = await renewLease({ db, incidentId: ctx.incident.id, owner: ctx.owner, leaseMs });
      if (!held) leaseLost = true;
      return held;
    };
    // The stabilization window can be longer than a lease: renew on a timer as well as per event.
    const timer = setInterval(() => void keepLease().catch(() => {}), Math.max(1_000, Math.floor(leaseMs / 3)));
    timer.unref?.();
    const emit = async (event: TnrEvent) => {
      if (!(await keepLease())) throw new Error(`lease on incident ${ctx.incident.id} lost during transaction ${transactionId}`);
      if (event.kind === "progress") {
        await ctx.record({ type: event.type, payload: { ...event.payload } });
        return;
      }
      const lifecycle = { type: event.type, payload: event.payload } as LifecycleEvent;
      const result = await applyLifecycleEvent(db, { incidentId: ctx.incident.id, event: lifecycle, leaseOwner: ctx.owner });
      if (event.detail.reasons.length > 0 || event.detail.healthBefore || event.detail.healthAfter) {
        await ctx.record({ type: "tnr.detail", payload: { transactionId, event: event.type, reasons: event.detail.reasons, healthBefore: event.detail.healthBefore, healthAfter: event.detail.healthAfter } as Record<string, unknown> });
      }
      if (!result.ok) await ctx.record({ type: "pipeline.event_refused", payload: { transactionId, event: event.type, reason: result.reason } });
    };
    const runtime = {
      ctx: { clients: deps.toolContext.clients },
      store: wrapStore(createPrismaTnrStore({ db, incidentId: ctx.incident.id })),
      lock: deps.tnr.lock,
      clock: deps.tnr.clock,
      health: deps.tnr.health(namespace),
      emit,
    };
    return { runtime, stop: () => clearInterval(timer) };
  }

  /**
   * UNDOING: an operator asked to undo a committed transaction. Runs the TNR-checked undo once;
   * after a crash, resumes it from the log (never undoes twice); if the engine finished but the
   * lifecycle did not hear it, reports the stored outcome.
   */
  async function undoStep(ctx: StepContext): Promise<StepOutcome> {
    const requested = await db.incidentEvent.findFirst({ where: { incidentId: ctx.incident.id, type: "operator.undo_requested" }, orderBy: { id: "desc" } });
    const request = z.object({ transactionId: z.string().min(1), by: z.string().min(1) }).loose().safeParse(requested?.payload);
    if (!request.success) throw new Error(`incident ${ctx.incident.id} is UNDOING with no operator.undo_requested event`);
    const { transactionId, by } = request.data;
    const stored = await db.mitigationTransaction.findUnique({ where: { id: transactionId }, select: { namespace: true, phase: true, operatorUndo: true } });
    if (!stored) throw new Error(`transaction ${transactionId} to undo is not in the log`);
    const { runtime, stop } = tnrRuntime(ctx, stored.namespace, transactionId);
    try {
      if (stored.phase === "committed" && !stored.operatorUndo) {
        const result = await undoCommittedTransaction({ ...runtime, txId: transactionId, requestedBy: by, ...(deps.tnr.options ? { options: deps.tnr.options } : {}) });
        await ctx.record({ type: "tnr.undo_result", payload: { transactionId, outcome: result.outcome, regressed: result.regressed, healthBefore: result.healthBefore, healthAfter: result.healthAfter, reasons: result.reasons } });
        return { events: [] };
      }
      if ((IN_FLIGHT_PHASES as readonly string[]).includes(stored.phase)) {
        const recovered = await recoverTransaction({ ...runtime, txId: transactionId, owner: ctx.owner, previousOwner: null, ...(deps.tnr.options ? { options: deps.tnr.options } : {}) });
        await ctx.record({ type: "tnr.recovered", payload: { transactionId, resumed: recovered.resumed, verdict: recovered.result?.verdict ?? null } });
        return { events: [] };
      }
    } finally {
      stop();
    }
    // The engine settled before a crash but the incident did not move: report what the log says.
    const outcome = z.object({ outcome: z.enum(["undone", "reapplied", "failed"]), reasons: z.array(z.string()), healthBefore: z.number().nullable(), healthAfter: z.number().nullable() }).loose().safeParse(stored.operatorUndo);
    if (!outcome.success) throw new Error(`transaction ${transactionId} is ${stored.phase} with no undo outcome; the undo cannot be reported`);
    const scores = { transactionId, healthBefore: outcome.data.healthBefore ?? 0, healthAfter: outcome.data.healthAfter ?? 0 };
    const reasons = outcome.data.reasons.join("; ") || "recorded by the write-ahead log";
    if (outcome.data.outcome === "failed") return { events: [{ type: "undo.failed", payload: { transactionId, error: reasons } }] };
    if (outcome.data.outcome === "reapplied") return { events: [{ type: "undo.aborted", payload: { ...scores, reason: reasons } }] };
    return { events: [{ type: "undo.completed", payload: scores }] };
  }

  return {
    async detect(ctx) {
      const { namespace, alerts } = await incidentAlerts(ctx);
      if (alerts.length === 0) {
        // Nothing firing: ingestion resolves the incident when its alerts clear; treat a stray one as noise.
        return { events: [{ type: "detection.noise", payload: { reason: "the incident has no firing alert" } }] };
      }
      const agents = await reasonerFor(ctx);
      const { agentCtx, timeline } = await agentContext(ctx, "detection", namespace);
      const detection = detectionOutputSchema.parse(await agents.detect(agentCtx, { namespace, alerts }));
      await timeline.flush();
      await ctx.record({ type: "agent.detection", payload: { ...detection } as Record<string, unknown> });
      if (detection.verdict === "noise") return { events: [{ type: "detection.noise", payload: { reason: detection.reason } }] };
      return {
        events: [{ type: "detection.confirmed", payload: { severity: detection.severity, evidence: nonEmpty(detection.evidence.map((e) => e.summary), detection.reason) } }],
      };
    },

    async diagnose(ctx) {
      const { namespace, alerts } = await incidentAlerts(ctx);
      if (alerts.length === 0) return { events: [{ type: "alerts.cleared", payload: { clearedAlerts: await clearedAlertCount(ctx.incident.id) } }] };
      const previous = await eventsOf(ctx.incident.id, ["tnr.result", "validation.regressed", "rollback.completed", "rollback.reviewed", "approval.rejected", "operator.reinvestigation_requested"]);
      const previousAttempts = previous.map((e) => `${e.type}: ${JSON.stringify(e.payload)}`);
      const agents = await reasonerFor(ctx);
      const { agentCtx, timeline } = await agentContext(ctx, "diagnosis", namespace);
      const diagnosis = diagnosisOutputSchema.parse(await agents.diagnose(agentCtx, { namespace, alerts, previousAttempts: previousAttempts.length ? previousAttempts : null }));
      await timeline.flush();
      await ctx.record({ type: "agent.diagnosis", payload: { ...diagnosis } as Record<string, unknown> });
      const evidence = nonEmpty(diagnosis.evidence.map((e) => e.summary), diagnosis.rootCause);
      if (diagnosis.mechanism === "unknown") {
        return {
          events: [
            {
              type: "diagnosis.no_safe_action",
              payload: {
                rootCause: diagnosis.rootCause,
                reason: "the diagnosis could not localize the fault to an object an action can change",
                runbookSteps: [
                  `Inspect the failing path ${diagnosis.path.join(" -> ") || diagnosis.service} in namespace ${namespace}`,
                  ...evidence.slice(0, 3).map((e) => `Check: ${e}`),
                  "Fix the cause by hand, then resolve the incident",
                ],
              },
            },
          ],
        };
      }
      return { events: [{ type: "diagnosis.completed", payload: { rootCause: diagnosis.rootCause, evidence, confidence: diagnosis.confidence } }] };
    },

    async propose(ctx) {
      const diagnosis = await latestDiagnosis(ctx.incident.id);
      const { namespace, alerts } = await incidentAlerts(ctx);
      const agents = await reasonerFor(ctx);
      const { agentCtx, timeline } = await agentContext(ctx, "mitigation", namespace);
      const knownServiceSpecs = deps.knownServiceSpecs ? await deps.knownServiceSpecs(namespace) : null;
      const memory = await consultMemory({ agentCtx, db, incidentId: ctx.incident.id, diagnosis, alerts });
      const proposed = mitigationOutputSchema.parse(await agents.mitigate(agentCtx, { namespace, diagnosis, knownServiceSpecs }));
      let mitigation = proposed;
      let history: ReturnType<typeof rerankWithHistory> | null = null;
      if (proposed.kind === "transaction") {
        history = rerankWithHistory({ proposal: proposed, similar: memory.similar, diagnosis });
        for (const text of history.reasoning) agentCtx.emit({ agent: "mitigation", kind: history.fromHistory ? "decision" : "observation", text });
        if (history.fromHistory) mitigation = { ...proposed, actions: history.actions, summary: history.summary };
      }
      await timeline.flush();
      if (mitigation.kind === "escalation") {
        await ctx.record({ type: "agent.escalation", payload: { reason: mitigation.reason, runbookSteps: mitigation.runbookSteps } });
        return { events: [{ type: "mitigation.no_safe_action", payload: { reason: mitigation.reason, runbookSteps: mitigation.runbookSteps } }] };
      }
      if (mitigation.escalation) await ctx.record({ type: "agent.escalation", payload: { ...mitigation.escalation, partial: true } });

      const actionCtx = { clients: deps.toolContext.clients };
      const planned = [];
      for (const { action, reason } of mitigation.actions) {
        const plan = await planAction(actionCtx, action);
        if (!plan.dryRun.ok || !plan.executable) {
          const why = `dry run of ${plan.summary || action.type} failed: ${plan.dryRun.ok ? "not executable" : plan.dryRun.message}`;
          await ctx.record({ type: "agent.proposal_refused", payload: { action, reason: why } as Record<string, unknown> });
          return {
            events: [
              {
                type: "mitigation.no_safe_action",
                payload: { reason: why, runbookSteps: [`Review the proposed change by hand: ${plan.kubectl || action.type}`, `Root cause: ${diagnosis.rootCause}`, "Apply a fix manually and resolve the incident"] },
              },
            ],
          };
        }
        planned.push({ action, reason, summary: plan.summary, kubectl: plan.kubectl, risk: plan.risk, blastRadius: plan.blastRadius, diff: plan.diff.text, dryRun: plan.dryRun });
      }
      const transactionId = randomUUID();
      const proposal = {
        transactionId,
        namespace,
        targetService: diagnosis.service || null,
        summary: mitigation.summary,
        actions: planned,
        reasons: mitigation.actions.map((a) => a.reason),
        runbookCitations: memory.runbooks,
        history: history ? { reasoning: history.reasoning, fromHistory: history.fromHistory } : null,
      };
      await ctx.record({ type: "agent.proposal", payload: proposal as unknown as Record<string, unknown> });
      const events: LifecycleEvent[] = [{ type: "mitigation.proposed", payload: { transactionId, actionCount: planned.length, summary: mitigation.summary } }];
      const allowed = typeof deps.autopilot === "function" ? await deps.autopilot(namespace) : deps.autopilot[namespace];
      const highest = planned.reduce<RiskLevel>((max, p) => (RISK_RANK[p.risk] > RISK_RANK[max] ? p.risk : max), "low");
      if (allowed && RISK_RANK[highest] <= RISK_RANK[allowed]) {
        events.push({ type: "approval.granted", payload: { transactionId, by: `autopilot:${namespace}`, auto: true } });
      }
      return { events };
    },

    async transact(ctx): Promise<StepOutcome> {
      if (ctx.state === "UNDOING") return undoStep(ctx);
      const inFlight = await db.mitigationTransaction.findFirst({
        where: { incidentId: ctx.incident.id, phase: { in: [...IN_FLIGHT_PHASES] } },
        orderBy: { createdAt: "desc" },
      });
      if (ctx.state !== "MITIGATING" || inFlight) {
        // A crash (or a lost lease) left a transaction in flight: resume it from the log, never re-execute.
        if (!inFlight) throw new Error(`incident ${ctx.incident.id} is ${ctx.state} but no transaction is in flight`);
        const { runtime, stop } = tnrRuntime(ctx, inFlight.namespace, inFlight.id);
        try {
          const recovered = await recoverTransaction({ ...runtime, txId: inFlight.id, owner: ctx.owner, previousOwner: null, ...(deps.tnr.options ? { options: deps.tnr.options } : {}) });
          await ctx.record({ type: "tnr.recovered", payload: { transactionId: inFlight.id, resumed: recovered.resumed, verdict: recovered.result?.verdict ?? null } });
        } finally {
          stop();
        }
        return { events: [] };
      }

      const proposal = await approvedProposal(ctx.incident.id);
      const existing = await db.mitigationTransaction.findUnique({ where: { id: proposal.transactionId }, select: { phase: true } });
      if (existing) throw new Error(`transaction ${proposal.transactionId} already ran (${existing.phase}) but the incident is still MITIGATING`);
      const actions: MitigationAction[] = proposal.actions.map((a) => a.action);
      const tx = {
        id: proposal.transactionId,
        cluster: deps.cluster,
        namespace: proposal.namespace,
        target: proposal.targetService ? { service: proposal.targetService } : {},
        actions,
      };
      const { runtime, stop } = tnrRuntime(ctx, proposal.namespace, proposal.transactionId);
      try {
        const result = await runTransaction({ ...runtime, tx, options: { ...deps.tnr.options, owner: ctx.owner } });
        await ctx.record({
          type: "tnr.result",
          payload: { transactionId: result.transactionId, verdict: result.verdict, cause: result.cause, scoreBefore: result.scoreBefore, scoreAfter: result.scoreAfter, reasons: result.reasons },
        });
      } finally {
        stop();
      }
      return { events: [] };
    },

    async reviewRollback(ctx) {
      const last = await db.incidentEvent.findFirst({
        where: { incidentId: ctx.incident.id, type: { in: ["rollback.completed", "undo.completed"] } },
        orderBy: { id: "desc" },
      });
      const transactionId = (last?.payload as { transactionId?: unknown } | null)?.transactionId;
      if (typeof transactionId !== "string") throw new Error(`incident ${ctx.incident.id} is ROLLED_BACK with no rollback event`);
      const [tx, regressed, failed] = await Promise.all([
        db.mitigationTransaction.findUnique({ where: { id: transactionId }, select: { actions: true, verdict: true } }),
        db.incidentEvent.findFirst({ where: { incidentId: ctx.incident.id, type: "validation.regressed" }, orderBy: { id: "desc" } }),
        db.incidentEvent.findFirst({ where: { incidentId: ctx.incident.id, type: "execution.failed" }, orderBy: { id: "desc" } }),
      ]);
      const actionTypes = Array.isArray(tx?.actions) ? (tx.actions as { type?: string; params?: { name?: string } }[]).map((a) => `${a.type ?? "?"} ${a.params?.name ?? ""}`.trim()) : [];
      const regressedReason = (regressed?.payload as { transactionId?: string; reason?: string } | null);
      const failedReason = (failed?.payload as { transactionId?: string; error?: string } | null);
      const why =
        regressedReason?.transactionId === transactionId && regressedReason.reason
          ? `health regressed: ${regressedReason.reason}`
          : failedReason?.transactionId === transactionId && failedReason.error
            ? `execution failed: ${failedReason.error}`
            : `the transaction was undone (${last?.type})`;
      const whatDidNotWork = `${actionTypes.join(", ") || "transaction"} ${transactionId} did not fix it: ${why}`;
      // Nothing is firing (e.g. an operator undid a fix after the incident resolved): nothing to retry.
      const firing = await db.alert.count({ where: { incidentId: ctx.incident.id, status: "firing" } });
      if (firing === 0) {
        await ctx.record({ type: "pipeline.rollback_reviewed", payload: { transactionId, whatDidNotWork, next: "no alert is firing: the incident resolves instead of retrying" } });
        return { events: [{ type: "alerts.cleared", payload: { clearedAlerts: await clearedAlertCount(ctx.incident.id) } }] };
      }
      const event: LifecycleEvent = { type: "rollback.reviewed", payload: { transactionId, whatDidNotWork } };
      lifecycleEventSchema.parse(event);
      return { events: [event] };
    },
  };
}
