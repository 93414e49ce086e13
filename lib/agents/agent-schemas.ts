/**
 * zod pieces the agents' input and output schemas share: object references, the AIOpsLab fault
 * category, and evidence that cites where a fact came from.
 */
import { z } from "zod";

/** The Kubernetes (or chaos) object a fault lives in. */
export const objectRefSchema = z
  .object({
    kind: z.string().min(1).describe("Kind of the object, e.g. Service, Deployment, ConfigMap, NetworkChaos, DatabaseFault"),
    namespace: z.string().min(1).describe("Namespace of the object"),
    name: z.string().min(1).describe("Name of the object"),
  })
  .strict();
export type ObjectRef = z.infer<typeof objectRefSchema>;

/** AIOpsLab system levels. */
export const SYSTEM_LEVELS = ["Hardware", "Operating System", "Virtualization", "Application"] as const;
/** AIOpsLab fault types. */
export const FAULT_TYPES = ["Misconfiguration", "Code Defect", "Authentication Issue", "Network/Storage Issue", "Operation Error", "Dependency Problem"] as const;

/** Where a fault sits (system level) and what kind of fault it is. */
export const faultCategorySchema = z
  .object({
    systemLevel: z.enum(SYSTEM_LEVELS).describe("Layer the fault lives in: Hardware, Operating System, Virtualization (Kubernetes objects) or Application"),
    faultType: z.enum(FAULT_TYPES).describe("Kind of fault, AIOpsLab taxonomy"),
  })
  .strict();
export type FaultCategoryOutput = z.infer<typeof faultCategorySchema>;

/** Where a piece of evidence comes from: a recorded tool call, an analyzer finding, or a telemetry read. */
export const evidenceSourceSchema = z.union([
  z.object({ callId: z.string().min(1).describe("Id of the tool call that returned the fact") }).strict(),
  z.object({ findingId: z.string().min(1).describe("Id of the deterministic analyzer finding") }).strict(),
  z.object({ metric: z.string().min(1).describe("The telemetry read, e.g. 'edge checkout->payment timeout_rate over 2m'") }).strict(),
]);
export type EvidenceSource = z.infer<typeof evidenceSourceSchema>;

/** One cited fact. */
export const evidenceSchema = z
  .object({
    summary: z.string().min(1).describe("The fact, in one line, with exact values"),
    source: evidenceSourceSchema.describe("Where the fact comes from"),
  })
  .strict();
export type Evidence = z.infer<typeof evidenceSchema>;
