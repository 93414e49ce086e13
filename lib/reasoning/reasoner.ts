/**
 * A reasoner: how the detection, diagnosis and mitigation agents think. Two implementations
 * plug into the same pipeline: `rules` (deterministic analyzers and playbooks, no LLM, the
 * default) and `llm` (an OpenAI-compatible model with tools). Both see the cluster only through
 * the `AgentContext` (read-only tools) and return the same typed outputs, which the pipeline
 * validates; the guard rails (typed actions, dry-run, approval, write lock, TNR) sit after them.
 */
import type { AgentContext } from "../agents/agent-context";
import type { DetectionInput, DetectionOutput } from "../agents/detection-schema";
import type { DiagnosisInput, DiagnosisOutput } from "../agents/diagnosis-schema";
import type { MitigationInput, MitigationOutput } from "../agents/mitigation-schema";

export interface Reasoner {
  /** Recorded on the incident when the pipeline first takes it: `rules`, or `llm:<model>`. */
  readonly id: string;
  detect(ctx: AgentContext, input: DetectionInput): Promise<DetectionOutput>;
  diagnose(ctx: AgentContext, input: DiagnosisInput): Promise<DiagnosisOutput>;
  mitigate(ctx: AgentContext, input: MitigationInput): Promise<MitigationOutput>;
}

/** Id of the deterministic reasoner. */
export const RULES_REASONER_ID = "rules";
