import "server-only";
/**
 * The LLM detection agent: the rules detection reads the telemetry first; the model gets its
 * verdict and evidence as grounded facts, may call tools, and answers the detection result.
 */
import type { AgentContext } from "../../agents/agent-context";
import { detectionInputSchema, detectionOutputSchema, type DetectionInput, type DetectionOutput } from "../../agents/detection-schema";
import { alertsBlock } from "./alert-data";
import { createAnalyzerPass, settleRun } from "./analyzer-pass";
import { MAX_CORRECTIONS, type LlmAgentDeps } from "./llm-agent-deps";
import { DETECTION_SYSTEM_PROMPT, DETECTION_TASK_TEMPLATE } from "./prompts/detection-prompt";
import { renderTemplate } from "./prompts/render-template";
import { parseJsonAnswer, RESPONSE_FORMATS } from "./response-formats";
import { runModelAgent } from "./run-model-agent";
import { factsBlock } from "./untrusted-data";

const describe = (d: DetectionOutput) => `${d.verdict} (${d.severity}): ${d.reason}`;

/** Options of `detectionTask`. */
export interface DetectionTaskOptions {
  input: DetectionInput;
  rulesResult: DetectionOutput;
}

/** The detection task prompt (exported for the prompt snapshot tests). */
export function detectionTask({ input, rulesResult }: DetectionTaskOptions): string {
  const facts = {
    deterministicVerdict: { verdict: rulesResult.verdict, severity: rulesResult.severity, reason: rulesResult.reason, abnormalServices: rulesResult.abnormalServices },
    telemetry: rulesResult.evidence.map((e, i) => ({ id: `telemetry-${i + 1}`, ...e })),
  };
  return renderTemplate({ template: DETECTION_TASK_TEMPLATE, values: { namespace: input.namespace, facts: factsBlock(facts), alerts: alertsBlock({ alerts: input.alerts }) } });
}

/** Confirms or dismisses an incident with the model, grounded on the rules detection. */
export async function runLlmDetectionAgent(deps: LlmAgentDeps, ctx: AgentContext, rawInput: DetectionInput): Promise<DetectionOutput> {
  detectionInputSchema.parse(rawInput);
  const pass = createAnalyzerPass({ ctx, agent: "detection" });
  const rulesResult = detectionOutputSchema.parse(await deps.rules.detect(pass.ctx, rawInput));
  const run = await runModelAgent({
    agent: "detection",
    client: deps.client,
    ctx,
    limits: { ...deps.limits, maxCorrections: MAX_CORRECTIONS.detection },
    redactor: deps.redactor,
    system: DETECTION_SYSTEM_PROMPT,
    task: detectionTask({ input: rawInput, rulesResult }),
    tools: deps.tools,
    format: RESPONSE_FORMATS.detection,
    check: (content) => parseJsonAnswer(content, detectionOutputSchema),
    describe,
    answerKind: "decision",
  });
  return settleRun({ ctx, agent: "detection", run, rulesResult, describe }).value;
}
