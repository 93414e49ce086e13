import "server-only";
/**
 * The LLM diagnosis agent. The rules diagnosis runs first (analyzer findings, call-graph walk,
 * ranked candidates); its findings, tool calls and best hypothesis are the model's grounded
 * facts. The model plans, investigates with tools and answers a diagnosis that must cite call
 * ids or finding ids that exist (else it is rejected and retried), then reflects on it.
 * Earlier rolled-back attempts of the incident are part of the prompt.
 */
import type { AgentContext } from "../../agents/agent-context";
import { diagnosisInputSchema, diagnosisOutputSchema, type DiagnosisInput, type DiagnosisOutput } from "../../agents/diagnosis-schema";
import type { FindingData } from "../rules/tool-data";
import { alertsBlock } from "./alert-data";
import { createAnalyzerPass, findingsOf, settleRun, type RecordedCall } from "./analyzer-pass";
import { checkDiagnosisCitations } from "./check-diagnosis-citations";
import { MAX_CORRECTIONS, type LlmAgentDeps } from "./llm-agent-deps";
import { DIAGNOSIS_SYSTEM_PROMPT, DIAGNOSIS_TASK_TEMPLATE, NO_PREVIOUS_ATTEMPTS, PREVIOUS_ATTEMPTS_TEMPLATE, REFLECTION_REJECTED_NOTICE, REFLECTION_TEMPLATE } from "./prompts/diagnosis-prompt";
import { renderTemplate } from "./prompts/render-template";
import { diagnosisReflectionSchema, parseJsonAnswer, RESPONSE_FORMATS } from "./response-formats";
import { runModelAgent, type AnswerCheck } from "./run-model-agent";
import { clip, factsBlock, untrustedBlock } from "./untrusted-data";

/** Findings listed in the facts at most (highest severity first). */
export const MAX_FACT_FINDINGS = 40;
/** Characters of one finding's text fields kept in the facts. */
const MAX_FINDING_TEXT = 300;

const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

const describe = (d: DiagnosisOutput) => `${d.faultyObject.kind} ${d.faultyObject.name} (${d.mechanism}, confidence ${d.confidence}): ${d.rootCause}`;

/** Options of `diagnosisTask`. */
export interface DiagnosisTaskOptions {
  input: DiagnosisInput;
  rulesResult: DiagnosisOutput;
  findings: readonly FindingData[];
  calls: readonly RecordedCall[];
}

/** The diagnosis task prompt (exported for the prompt snapshot tests). */
export function diagnosisTask({ input, rulesResult, findings, calls }: DiagnosisTaskOptions): string {
  const unique = [...new Map(findings.map((f) => [f.id, f])).values()].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id));
  const facts = {
    findings: unique.slice(0, MAX_FACT_FINDINGS).map((f) => ({
      id: f.id,
      analyzer: f.analyzer,
      severity: f.severity,
      object: f.object,
      service: f.service ?? null,
      title: clip(f.title, MAX_FINDING_TEXT),
      evidence: f.evidence.slice(0, 3).map((e) => clip(e, MAX_FINDING_TEXT)),
    })),
    ...(unique.length > MAX_FACT_FINDINGS ? { findingsNotListed: unique.length - MAX_FACT_FINDINGS } : {}),
    toolCalls: calls.map((c) => ({ callId: c.callId, tool: c.tool, params: c.params, ok: c.ok })),
    analyzerHypothesis: rulesResult,
  };
  const previous = input.previousAttempts?.length
    ? renderTemplate({ template: PREVIOUS_ATTEMPTS_TEMPLATE, values: { attempts: untrustedBlock({ source: "previous-attempts" }, input.previousAttempts.map((a, i) => `${i + 1}. ${clip(a, 1_500)}`).join("\n")) } })
    : NO_PREVIOUS_ATTEMPTS;
  return renderTemplate({ template: DIAGNOSIS_TASK_TEMPLATE, values: { namespace: input.namespace, facts: factsBlock(facts), alerts: alertsBlock({ alerts: input.alerts }), previousAttempts: previous } });
}

/** Names the root cause with the model, grounded on the rules diagnosis. */
export async function runLlmDiagnosisAgent(deps: LlmAgentDeps, ctx: AgentContext, rawInput: DiagnosisInput): Promise<DiagnosisOutput> {
  // Validated up front so a bad input fails before any tool call or model request.
  diagnosisInputSchema.parse(rawInput);
  const pass = createAnalyzerPass({ ctx, agent: "diagnosis" });
  const rulesResult = diagnosisOutputSchema.parse(await deps.rules.diagnose(pass.ctx, rawInput));
  const knownCallIds = new Set(pass.calls.map((c) => c.callId));
  const knownFindingIds = new Set(pass.findings.map((f) => f.id));

  const check = (content: string): AnswerCheck<DiagnosisOutput> => {
    const parsed = parseJsonAnswer(content, diagnosisOutputSchema);
    if (!parsed.ok) return parsed;
    const citations = checkDiagnosisCitations({ diagnosis: parsed.value, knownCallIds, knownFindingIds });
    if (!citations.ok) return { ok: false, feedback: citations.problem };
    return { ok: true, value: parsed.value, cites: citations.cites };
  };

  const run = await runModelAgent({
    agent: "diagnosis",
    client: deps.client,
    ctx,
    limits: { ...deps.limits, maxCorrections: MAX_CORRECTIONS.diagnosis },
    redactor: deps.redactor,
    system: DIAGNOSIS_SYSTEM_PROMPT,
    // The raw alerts: the parsed ones lost their free text (summary, description, annotations), which the model should read as data.
    task: diagnosisTask({ input: rawInput, rulesResult, findings: pass.findings, calls: pass.calls }),
    tools: deps.tools,
    format: RESPONSE_FORMATS.diagnosis,
    check,
    describe,
    answerKind: "hypothesis",
    onToolResult(result, name) {
      knownCallIds.add(result.callId);
      for (const f of findingsOf(result, name)) knownFindingIds.add(f.id);
    },
    review: {
      format: RESPONSE_FORMATS.reflection,
      prompt: (value) => renderTemplate({ template: REFLECTION_TEMPLATE, values: { diagnosis: JSON.stringify(value) } }),
      apply(value, content) {
        const reflection = parseJsonAnswer(content, diagnosisReflectionSchema);
        if (!reflection.ok) return { accept: true, value, text: `reflection unusable (${reflection.feedback}); the diagnosis stands unreviewed` };
        const r = reflection.value;
        const text = `${r.supported ? "supported" : "NOT supported"}: ${r.assessment} Would be falsified by: ${r.falsifiers.join("; ")}. Confidence after reflection ${r.confidence}.`;
        // Reflection can only lower confidence: a model talking itself into certainty adds no evidence.
        if (r.supported) return { accept: true, value: { ...value, confidence: Math.min(value.confidence, r.confidence) }, text };
        return { accept: false, text, feedback: REFLECTION_REJECTED_NOTICE };
      },
    },
  });
  const settled = settleRun({ ctx, agent: "diagnosis", run, rulesResult, describe });
  if (settled.source === "model") {
    const cites = checkDiagnosisCitations({ diagnosis: settled.value, knownCallIds, knownFindingIds });
    ctx.emit({ agent: "diagnosis", kind: "decision", text: `root cause: ${describe(settled.value)}`, ...(cites.ok && cites.cites.length ? { cites: cites.cites } : {}) });
  } else {
    ctx.emit({ agent: "diagnosis", kind: "decision", text: `root cause (rules reasoner): ${describe(settled.value)}` });
  }
  return settled.value;
}
