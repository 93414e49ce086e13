/** Input and output of the detection agent (zod, `.describe()` on every field). */
import { z } from "zod";
import { SEVERITIES } from "../alerts/types";
import { evidenceSchema } from "./agent-schemas";

/** The parts of a NormalizedAlert the agents read (other fields are stripped, so a NormalizedAlert parses as is). */
export const detectionAlertSchema = z
  .object({
    name: z.string().min(1).describe("Alert rule name, e.g. HighErrorRatio"),
    status: z.enum(["firing", "resolved"]).describe("Whether the alert is firing or resolved"),
    severity: z.enum(SEVERITIES).describe("Normalized severity of the alert"),
    service: z.string().nullable().describe("Service the alert is about, when known"),
    namespace: z.string().nullable().describe("Namespace the alert is about, when known"),
    fingerprint: z.string().describe("Stable identity of the alert"),
    startsAt: z.coerce.date().describe("When the alert started firing"),
  });

export const detectionInputSchema = z
  .object({
    namespace: z.string().min(1).describe("Namespace of the incident (alerts without one are read here)"),
    alerts: z.array(detectionAlertSchema).min(1).describe("The incident's alerts (NormalizedAlert shape)"),
  })
  .strict();
export type DetectionInput = z.input<typeof detectionInputSchema>;

export const detectionOutputSchema = z
  .object({
    verdict: z.enum(["confirmed", "noise"]).describe("confirmed: a real failure is happening now; noise: a recovered blip, a flapping rule or nothing abnormal"),
    severity: z.enum(SEVERITIES).describe("Severity assessed from the alerts and the telemetry"),
    evidence: z.array(evidenceSchema).describe("Telemetry facts behind the verdict"),
    reason: z.string().min(1).describe("Why, in one or two sentences"),
    abnormalServices: z.array(z.string()).describe("Alerting services abnormal now"),
  })
  .strict();
export type DetectionOutput = z.infer<typeof detectionOutputSchema>;
