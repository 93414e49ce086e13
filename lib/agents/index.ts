/** The agents of the rules reasoner: typed input -> output functions over an `AgentContext`. */
export { budgetedToolCaller, ToolBudgetExceededError, type AgentContext, type AgentName, type AgentStep, type RecordedToolResult } from "./agent-context";
export { evidenceSchema, faultCategorySchema, objectRefSchema, type Evidence, type ObjectRef } from "./agent-schemas";
export { detectionInputSchema, detectionOutputSchema, type DetectionInput, type DetectionOutput } from "./detection-schema";
export { runDetectionAgent, MAX_DETECTION_SERVICES } from "./detection-agent";
export { diagnosisInputSchema, diagnosisOutputSchema, rootCauseSchema, type DiagnosisInput, type DiagnosisOutput, type RootCause } from "./diagnosis-schema";
export { runDiagnosisAgent, MAX_DIAGNOSIS_TOOL_CALLS } from "./diagnosis-agent";
export { mitigationInputSchema, mitigationOutputSchema, type MitigationInput, type MitigationOutput } from "./mitigation-schema";
export { runMitigationAgent, MAX_MITIGATION_TOOL_CALLS } from "./mitigation-agent";
