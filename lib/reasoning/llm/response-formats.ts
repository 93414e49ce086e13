/**
 * The structured outputs the LLM reasoner asks for, as zod schemas (what we validate) and as
 * `response_format` JSON schemas (what the model is constrained or guided by).
 *
 * Detection and diagnosis use the SDK's `zodResponseFormat` (strict mode: checked to work with
 * zod 4 for these schemas). The mitigation proposal cannot be strict: the catalogue's action
 * parameters have optional fields, which OpenAI's strict mode refuses, and its root is a union,
 * so it is wrapped in `{ proposal }` and sent as a non-strict JSON schema built with
 * `z.toJSONSchema`. Either way, every answer is parsed with the zod schema afterwards: the
 * schema given to the model is guidance, the zod parse is the gate.
 */
import { zodResponseFormat } from "openai/helpers/zod";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { z } from "zod";
import type { AgentName } from "../../agents/agent-context";
import { detectionOutputSchema } from "../../agents/detection-schema";
import { diagnosisOutputSchema } from "../../agents/diagnosis-schema";
import { mitigationOutputSchema } from "../../agents/mitigation-schema";

/** The planning step's answer: what to find out, in order, and with which tool. */
export const agentPlanSchema = z
  .object({
    goal: z.string().min(1).describe("What this agent must establish, in one sentence"),
    steps: z
      .array(
        z
          .object({
            step: z.string().min(1).describe("One thing to find out or check"),
            tool: z.string().nullable().describe("The tool to call for it, or null when the grounded facts already answer it"),
          })
          .strict(),
      )
      .min(1)
      .max(8)
      .describe("The investigation, in order"),
  })
  .strict();
export type AgentPlan = z.infer<typeof agentPlanSchema>;

/** The diagnosis' reflection: does the evidence hold up, and what would prove it wrong. */
export const diagnosisReflectionSchema = z
  .object({
    supported: z.boolean().describe("True when the cited evidence establishes the root cause, not only a symptom of it"),
    assessment: z.string().min(1).describe("Why, in one or two sentences"),
    falsifiers: z.array(z.string().min(1)).min(1).max(5).describe("Observations that would prove the diagnosis wrong"),
    confidence: z.number().min(0).max(1).describe("Confidence after reflecting"),
  })
  .strict();
export type DiagnosisReflection = z.infer<typeof diagnosisReflectionSchema>;

/** The mitigation answer as the model writes it (a union cannot be a JSON schema's root). */
export const mitigationAnswerSchema = z.object({ proposal: mitigationOutputSchema.describe("A transaction of catalogue actions, or an escalation to a human") }).strict();

/** Name of the plan format of an agent (the scripted model tells phases apart by it). */
export const planFormatName = (agent: AgentName) => `${agent}_plan`;
export const DETECTION_FORMAT_NAME = "detection_result";
export const DIAGNOSIS_FORMAT_NAME = "diagnosis";
export const REFLECTION_FORMAT_NAME = "diagnosis_reflection";
export const MITIGATION_FORMAT_NAME = "mitigation_proposal";

/** The `response_format` of a zod schema with a non-strict JSON schema. */
function looseFormat(name: string, schema: z.ZodType, description: string): ResponseFormatJSONSchema {
  return { type: "json_schema", json_schema: { name, description, strict: false, schema: z.toJSONSchema(schema, { target: "draft-7", unrepresentable: "any" }) as Record<string, unknown> } };
}

/** Plain JSON-schema response format (the SDK helper's extra parse hooks are not needed for `create`). */
function strictFormat(name: string, schema: z.ZodType, description: string): ResponseFormatJSONSchema {
  const format = zodResponseFormat(schema, name, { description });
  return { type: "json_schema", json_schema: { ...format.json_schema } };
}

/** Every response format, built once. */
export const RESPONSE_FORMATS = {
  plan: (agent: AgentName) => strictFormat(planFormatName(agent), agentPlanSchema, `The ${agent} agent's investigation plan`),
  detection: strictFormat(DETECTION_FORMAT_NAME, detectionOutputSchema, "The detection verdict"),
  diagnosis: strictFormat(DIAGNOSIS_FORMAT_NAME, diagnosisOutputSchema, "The diagnosis, citing evidence"),
  reflection: strictFormat(REFLECTION_FORMAT_NAME, diagnosisReflectionSchema, "Reflection on the diagnosis"),
  mitigation: looseFormat(MITIGATION_FORMAT_NAME, mitigationAnswerSchema, "The mitigation proposal: catalogue actions only"),
};

/** `path: message` for the first zod issues, for feedback the model can act on. */
export function formatIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map((issue) => `${issue.path.length ? issue.path.map(String).join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

/** Parses a model's JSON answer with a zod schema: the value, or feedback naming what is wrong. */
export function parseJsonAnswer<T>(content: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; feedback: string } {
  let json: unknown;
  try {
    // Some servers wrap JSON in a Markdown fence even with a response format.
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n```$/, "$1"));
  } catch (error) {
    return { ok: false, feedback: `your answer is not valid JSON (${(error as Error).message}); answer with one JSON object matching the response format` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, feedback: `your answer does not match the schema: ${formatIssues(parsed.error)}` };
  return { ok: true, value: parsed.data };
}
