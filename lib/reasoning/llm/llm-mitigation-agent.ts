import "server-only";
/**
 * The LLM mitigation agent. The rules playbooks propose first; the model gets the diagnosis and
 * that proposal as facts and answers a transaction of catalogue actions (or an escalation).
 * The catalogue's zod schema is the gate: an unknown or forbidden action type, a bad parameter,
 * an action outside the incident's namespace or over the action cap is refused with the reason,
 * which goes back to the model once; a second refusal hands over to the rules proposal. What
 * is returned is only a proposal: the pipeline still dry-runs, waits for approval, takes the
 * write lock and runs TNR.
 */
import type { AgentContext } from "../../agents/agent-context";
import { mitigationInputSchema, mitigationOutputSchema, type MitigationInput, type MitigationOutput } from "../../agents/mitigation-schema";
import { MAX_ACTIONS_PER_TRANSACTION, MITIGATION_ACTION_TYPES } from "../../cluster/actions/catalogue";
import { settleRun, createAnalyzerPass } from "./analyzer-pass";
import { MAX_CORRECTIONS, type LlmAgentDeps } from "./llm-agent-deps";
import { MITIGATION_SYSTEM_PROMPT, MITIGATION_TASK_TEMPLATE } from "./prompts/mitigation-prompt";
import { renderTemplate } from "./prompts/render-template";
import { mitigationAnswerSchema, parseJsonAnswer, RESPONSE_FORMATS } from "./response-formats";
import { runModelAgent, type AnswerCheck } from "./run-model-agent";
import { factsBlock } from "./untrusted-data";

/** Known Service specs listed in the facts at most. */
const MAX_FACT_SERVICE_SPECS = 30;

const describe = (m: MitigationOutput) =>
  m.kind === "escalation" ? `escalate: ${m.reason}` : `${m.summary} [${m.actions.map((a) => a.action.type).join(", ")}]${m.escalation ? ` + escalation: ${m.escalation.reason}` : ""}`;

/** Options of `mitigationTask`. */
export interface MitigationTaskOptions {
  input: MitigationInput;
  rulesResult: MitigationOutput;
}

/** The mitigation task prompt (exported for the prompt snapshot tests). */
export function mitigationTask({ input, rulesResult }: MitigationTaskOptions): string {
  const parsed = mitigationInputSchema.parse(input);
  const facts = {
    diagnosis: parsed.diagnosis,
    playbookProposal: rulesResult,
    ...(parsed.knownServiceSpecs?.length ? { knownServiceSpecs: parsed.knownServiceSpecs.slice(0, MAX_FACT_SERVICE_SPECS) } : {}),
  };
  return renderTemplate({
    template: MITIGATION_TASK_TEMPLATE,
    values: { namespace: parsed.namespace, maxActions: String(parsed.maxActions ?? MAX_ACTIONS_PER_TRANSACTION), actionTypes: MITIGATION_ACTION_TYPES.join(", "), facts: factsBlock(facts) },
  });
}

/** Options of `checkMitigationAnswer`. */
export interface CheckMitigationAnswerOptions {
  content: string;
  namespace: string;
  maxActions: number;
}

/** Parses a proposal and refuses anything outside the catalogue, the namespace or the cap, with the reason. */
export function checkMitigationAnswer({ content, namespace, maxActions }: CheckMitigationAnswerOptions): AnswerCheck<MitigationOutput> {
  const parsed = parseJsonAnswer(content, mitigationAnswerSchema);
  if (!parsed.ok) return { ok: false, feedback: `refused: ${parsed.feedback}` };
  const proposal = parsed.value.proposal;
  if (proposal.kind === "escalation") return { ok: true, value: proposal };
  const problems: string[] = [];
  if (proposal.actions.length > maxActions) problems.push(`the transaction has ${proposal.actions.length} actions; at most ${maxActions} are allowed`);
  for (const [i, { action }] of proposal.actions.entries()) {
    const target = (action.params as { namespace?: unknown }).namespace;
    if (target !== namespace) problems.push(`actions.${i}: ${action.type} targets namespace "${String(target)}"; only the incident's namespace "${namespace}" may be changed`);
  }
  if (problems.length) return { ok: false, feedback: `refused: ${problems.join("; ")}` };
  return { ok: true, value: proposal };
}

/** Proposes the mitigation with the model, grounded on the playbooks' proposal. */
export async function runLlmMitigationAgent(deps: LlmAgentDeps, ctx: AgentContext, rawInput: MitigationInput): Promise<MitigationOutput> {
  const input = mitigationInputSchema.parse(rawInput);
  const pass = createAnalyzerPass({ ctx, agent: "mitigation" });
  const rulesResult = mitigationOutputSchema.parse(await deps.rules.mitigate(pass.ctx, rawInput));
  const maxActions = input.maxActions ?? MAX_ACTIONS_PER_TRANSACTION;
  const run = await runModelAgent({
    agent: "mitigation",
    client: deps.client,
    ctx,
    limits: { ...deps.limits, maxCorrections: MAX_CORRECTIONS.mitigation },
    redactor: deps.redactor,
    system: MITIGATION_SYSTEM_PROMPT,
    task: mitigationTask({ input: rawInput, rulesResult }),
    tools: deps.tools,
    format: RESPONSE_FORMATS.mitigation,
    check: (content) => checkMitigationAnswer({ content, namespace: input.namespace, maxActions }),
    describe,
    answerKind: "decision",
  });
  return settleRun({ ctx, agent: "mitigation", run, rulesResult, describe }).value;
}
