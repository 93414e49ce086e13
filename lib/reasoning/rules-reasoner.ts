/** The deterministic reasoner: the rules agents of lib/agents (analyzers, call-graph walk, playbooks). */
import { runDetectionAgent } from "../agents/detection-agent";
import { runDiagnosisAgent } from "../agents/diagnosis-agent";
import { runMitigationAgent } from "../agents/mitigation-agent";
import { RULES_REASONER_ID, type Reasoner } from "./reasoner";

export function createRulesReasoner(): Reasoner {
  return {
    id: RULES_REASONER_ID,
    detect: runDetectionAgent,
    diagnose: runDiagnosisAgent,
    mitigate: runMitigationAgent,
  };
}
