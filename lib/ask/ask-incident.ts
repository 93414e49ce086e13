import "server-only";
/**
 * "Ask the incident": an operator's question ("what changed in checkout in the last hour?") is
 * answered from the read-only tools, and a requested action ("scale checkout to 4") becomes a
 * typed, dry-run-checked proposal that still needs approval and passes TNR. Without a language
 * model a deterministic parser reads the question (`parse-ask-intent.ts`); with one, the model
 * calls the same tools (`ask-with-model.ts`) and falls back to the parser if it fails. Both the
 * question and the answer (with every tool call) land on the incident's timeline.
 */
import type { Prisma } from "../db/generated/sqlite/client";
import type { Db } from "../db/client";
import { readDeployment } from "../cluster/reads";
import { notifyIncidentEvents } from "../events/incident-event-feed";
import { ApiError, issuesFromZod } from "../http/api-error";
import { runTool } from "../tools/run-tool";
import type { ToolContext } from "../tools/types";
import { askQuestionSchema, boundOutput, type AskProposal, type AskResult, type AskToolCall } from "./ask-schemas";
import { askWithModel, AskModelUnavailableError, type AskModelOptions } from "./ask-with-model";
import { composeAnswer } from "./compose-answer";
import { logFilterPattern, parseAskIntent, type AskIntent, type PlannedToolCall } from "./parse-ask-intent";
import { proposeOperatorAction } from "./propose-operator-action";

export interface AskIncidentOptions {
  db: Db;
  incidentId: string;
  /** Untrusted: validated here (1..1000 characters). */
  question: unknown;
  /** The operator asking (recorded on the timeline and on a proposal). */
  by: string;
  /** Clients, metrics, memory and clock of the read-only tools; `defaultNamespace` is set to the incident's. */
  toolContext: ToolContext;
  /** An OpenAI-compatible model; absent: the deterministic parser answers. */
  llm?: AskModelOptions;
}

/** Runs one registry tool and keeps the call for the answer. */
async function callTool(ctx: ToolContext, call: PlannedToolCall, calls: AskToolCall[]) {
  const result = await runTool(ctx, call.tool, call.params);
  calls.push({ tool: call.tool, params: call.params, ok: result.ok, output: boundOutput(result.ok ? result.output : result.error), durationMs: result.durationMs });
  return result;
}

/** A set-image request without a container names the only container, or is refused listing them. */
async function completeSetImage(ctx: ToolContext, action: { type: string; params: Record<string, unknown> }): Promise<string | null> {
  if (action.type !== "set-image" || action.params.container !== undefined) return null;
  const name = String(action.params.name);
  const deployment = await readDeployment({ clients: ctx.clients, namespace: ctx.defaultNamespace, name });
  if (!deployment) return `deployment "${name}" not found in namespace ${ctx.defaultNamespace}`;
  const containers = (deployment.spec?.template.spec?.containers ?? []).map((c) => c.name);
  if (containers.length !== 1) return `deployment ${name} has ${containers.length} containers (${containers.join(", ")}); say which: set image of ${name} container <name> to <image>`;
  action.params.container = containers[0];
  return null;
}

interface RulesAnswer {
  answer: string;
  toolCalls: AskToolCall[];
  proposal: AskProposal | null;
}

/** Proposes an operator's action request and says what happened, in words. */
async function answerAction(options: { db: Db; incidentId: string; by: string; question: string; ctx: ToolContext; intent: Extract<AskIntent, { kind: "action" }> }): Promise<RulesAnswer> {
  const { intent, ctx } = options;
  const toolCalls: AskToolCall[] = [];
  const started = performance.now();
  const incomplete = await completeSetImage(ctx, intent.action);
  const outcome = incomplete
    ? ({ ok: false, reason: incomplete } as const)
    : await proposeOperatorAction({ db: options.db, incidentId: options.incidentId, action: intent.action, reason: `Requested by ${options.by}: "${options.question}"`, by: options.by, clients: ctx.clients, now: ctx.now() });
  if ("plan" in outcome && outcome.plan) {
    const plan = outcome.plan;
    toolCalls.push({
      tool: "plan_action",
      params: intent.action as unknown as Record<string, unknown>,
      ok: plan.dryRun.ok,
      output: boundOutput([`${plan.summary} (risk ${plan.risk})`, `kubectl: ${plan.kubectl}`, `dry run: ${plan.dryRun.ok ? "passed" : `failed: ${plan.dryRun.message}`}`, plan.diff.text].join("\n")),
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  }
  if (!outcome.ok) return { answer: `I did not propose "${intent.request}": ${outcome.reason}.`, toolCalls, proposal: null };
  const { plan, proposal } = outcome;
  const blast = [plan.blastRadius.pods.length ? `${plan.blastRadius.pods.length} pod(s)` : null, plan.blastRadius.services.length ? `services ${plan.blastRadius.services.join(", ")}` : null].filter(Boolean).join(", ");
  return {
    answer: [
      `Proposed: ${plan.summary} (risk ${plan.risk}). The server's dry run passed.`,
      `It waits for approval on the mitigation card; once approved it runs under TNR and is undone if health regresses.`,
      `kubectl equivalent: ${plan.kubectl}`,
      ...(blast ? [`Blast radius: ${blast}.`] : []),
    ].join("\n"),
    toolCalls,
    proposal,
  };
}

/** Answers a parsed question with its tool calls. */
async function answerQuestion(ctx: ToolContext, intent: Extract<AskIntent, { kind: "question" }>): Promise<RulesAnswer> {
  const toolCalls: AskToolCall[] = [];
  const results: { tool: string; ok: boolean; output: string; data?: unknown }[] = [];
  const run = async (call: PlannedToolCall) => {
    const result = await callTool(ctx, call, toolCalls);
    results.push(result.ok ? { tool: call.tool, ok: true, output: result.output, data: result.data } : { tool: call.tool, ok: false, output: result.error });
    return result;
  };
  for (const call of intent.calls) await run(call);
  if (intent.topic === "logs" && intent.subject) {
    // Logs are per pod: read the service's worst pod (list_pods sorts unhealthy first), or the name as a pod.
    const listed = results[0];
    const pods = listed?.ok ? ((listed.data as { pods?: { name?: string }[] } | undefined)?.pods ?? []) : [];
    const pod = pods[0]?.name ?? intent.subject;
    await run({ tool: "pod_logs", params: { pod, tailLines: 500, maxLines: 60, ...(intent.matching ? { grep: logFilterPattern(intent.matching) } : {}) } });
  }
  const answer = composeAnswer({
    topic: intent.topic,
    subject: intent.subject,
    ...(intent.windowMinutes ? { windowMinutes: intent.windowMinutes } : {}),
    ...(intent.matching ? { matching: intent.matching } : {}),
    results,
    now: ctx.now(),
  });
  return { answer, toolCalls, proposal: null };
}

/** The rules path: parse, then answer or propose. */
async function askWithRules(options: { db: Db; incidentId: string; by: string; question: string; ctx: ToolContext }): Promise<RulesAnswer> {
  const intent = parseAskIntent({ question: options.question, namespace: options.ctx.defaultNamespace });
  if (intent.kind === "unknown") return { answer: intent.help, toolCalls: [], proposal: null };
  if (intent.kind === "action") return answerAction({ ...options, intent });
  return answerQuestion(options.ctx, intent);
}

/** Answers an operator's question about an incident (see the module comment). */
export async function askIncident(options: AskIncidentOptions): Promise<AskResult> {
  const parsed = askQuestionSchema.safeParse(options.question);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error.issues).map((i) => ({ ...i, path: i.path ? `question.${i.path}` : "question" }));
    throw new ApiError("unprocessable", `question: ${issues[0]?.message ?? "invalid"}`, issues);
  }
  const question = parsed.data;
  const { db, incidentId, by } = options;
  const incident = await db.incident.findUnique({ where: { id: incidentId }, select: { id: true, title: true, state: true, namespace: true, service: true } });
  if (!incident) throw new ApiError("not_found", `incident "${incidentId}" not found`);

  const ctx: ToolContext = {
    ...options.toolContext,
    defaultNamespace: incident.namespace ?? options.toolContext.defaultNamespace,
    ...(options.toolContext.memory ? { memory: { ...options.toolContext.memory, incidentId } } : {}),
  };
  await db.incidentEvent.create({ data: { incidentId, type: "ask.question", payload: { question, by } } });
  notifyIncidentEvents(incidentId);

  let result: AskResult;
  if (options.llm) {
    try {
      result = await askWithModel({ db, incident, question, by, ctx, llm: options.llm, propose: (action, reason) => proposeOperatorAction({ db, incidentId, action, reason, by, clients: ctx.clients, now: ctx.now() }) });
    } catch (error) {
      if (!(error instanceof AskModelUnavailableError)) throw error;
      const rules = await askWithRules({ db, incidentId, by, question, ctx });
      result = { ...rules, answer: `The model could not answer (${error.message}); the rules parser answered instead.\n\n${rules.answer}`, answeredBy: "rules" };
    }
  } else {
    result = { ...(await askWithRules({ db, incidentId, by, question, ctx })), answeredBy: "rules" };
  }

  const payload = { answer: result.answer, toolCalls: result.toolCalls, answeredBy: result.answeredBy, ...(result.proposal ? { proposal: { transactionId: result.proposal.transactionId } } : {}) };
  await db.incidentEvent.create({ data: { incidentId, type: "ask.answer", payload: payload as unknown as Prisma.InputJsonValue } });
  notifyIncidentEvents(incidentId);
  return result;
}
