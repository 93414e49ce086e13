/** Input and output of the diagnosis agent (zod, `.describe()` on every field). */
import { z } from "zod";
import { FAULT_MECHANISMS } from "../reasoning/rules/fault-mechanism";
import { evidenceSchema, faultCategorySchema, objectRefSchema } from "./agent-schemas";
import { detectionAlertSchema } from "./detection-schema";

export const diagnosisInputSchema = z
  .object({
    namespace: z.string().min(1).describe("Namespace of the incident"),
    alerts: z.array(detectionAlertSchema).min(1).describe("The incident's alerts (NormalizedAlert shape)"),
    previousAttempts: z.array(z.string()).nullable().default(null).describe("What earlier mitigations of this incident did not fix, if any"),
  })
  .strict();
export type DiagnosisInput = z.input<typeof diagnosisInputSchema>;

/** A rollout shortly before the symptoms, with what it changed (from rollout_diff). */
export const rolloutEvidenceSchema = z
  .object({
    deployment: z.string().describe("Deployment that was rolled out"),
    fromRevision: z.number().int().describe("Revision before the rollout (the last known good one)"),
    toRevision: z.number().int().describe("Revision the rollout created"),
    startedBeforeSymptoms: z.boolean().describe("True when the rollout began before the first alert"),
    changes: z.array(z.object({ field: z.string().describe("Pod template field"), before: z.string().nullable().describe("Value before"), after: z.string().nullable().describe("Value after") }).strict()).describe("Pod template changes of the rollout"),
    callId: z.string().describe("The rollout_diff call that showed it"),
  })
  .strict();
export type RolloutEvidence = z.infer<typeof rolloutEvidenceSchema>;

/** One root cause: the object, the mechanism and its category. */
export const rootCauseSchema = z
  .object({
    faultyObject: objectRefSchema.describe("The object the fault lives in (not the pod that shows it)"),
    service: z.string().describe("The application the fault belongs to or acts on"),
    mechanism: z.enum(FAULT_MECHANISMS).describe("Machine-readable kind of fault, which the mitigation playbooks dispatch on"),
    rootCause: z.string().min(1).describe("The root cause in one sentence"),
    category: faultCategorySchema.describe("AIOpsLab system level and fault type"),
    rollout: rolloutEvidenceSchema.nullable().describe("The recent rollout of the faulty workload, when there is one"),
    evidence: z.array(evidenceSchema).describe("Facts that support this cause, each citing its source"),
  })
  .strict();
export type RootCause = z.infer<typeof rootCauseSchema>;

export const diagnosisOutputSchema = rootCauseSchema
  .extend({
    confidence: z.number().min(0).max(1).describe("Confidence in the primary root cause"),
    ruledOut: z.array(z.object({ hypothesis: z.string().describe("A hypothesis considered"), why: z.string().describe("Why it was rejected") }).strict()).describe("Hypotheses considered and rejected"),
    otherCauses: z.array(rootCauseSchema).describe("Independent root causes active at the same time (multi-cause incidents); empty for one cause"),
    path: z.array(z.string()).describe("Failing call path from an alerting service to the faulty service, e.g. frontend -> checkout -> payment"),
  })
  .strict();
export type DiagnosisOutput = z.infer<typeof diagnosisOutputSchema>;
