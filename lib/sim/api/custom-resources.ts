/**
 * Specs of the custom resources the simulator serves: Chaos Mesh's NetworkChaos and
 * StressChaos (faults outside the Kubernetes API, created through it as on a real cluster with
 * Chaos Mesh installed) and the simulator's own DatabaseFault. The API server only checks them
 * lightly, as a CRD's OpenAPI schema would; the simulation model gives them their effect.
 */
import { z } from "zod";

/** Chaos Mesh `PodSelectorSpec`, the subset that matters for targeting pods. */
export const chaosSelectorSchema = z.looseObject({
  namespaces: z.array(z.string()).optional().describe("Namespaces of the target pods"),
  labelSelectors: z.record(z.string(), z.string()).optional().describe("Labels the target pods must carry"),
  pods: z.record(z.string(), z.array(z.string())).optional().describe("Explicit pods by namespace"),
});

/** How many of the selected pods are affected. */
export const chaosModeSchema = z.enum(["one", "all", "fixed", "fixed-percent", "random-max-percent"]);

export const NETWORK_CHAOS_ACTIONS = ["netem", "delay", "loss", "duplicate", "corrupt", "partition", "bandwidth"] as const;

export const networkChaosSpecSchema = z.looseObject({
  action: z.enum(NETWORK_CHAOS_ACTIONS).describe("Kind of network fault"),
  mode: chaosModeSchema,
  value: z.string().optional().describe("Count or percentage for fixed / fixed-percent modes"),
  selector: chaosSelectorSchema,
  direction: z.enum(["to", "from", "both"]).optional(),
  target: z.looseObject({ mode: chaosModeSchema, selector: chaosSelectorSchema }).optional().describe("Peer pods for partition or directional faults"),
  delay: z.looseObject({ latency: z.string(), jitter: z.string().optional(), correlation: z.string().optional() }).optional(),
  loss: z.looseObject({ loss: z.string(), correlation: z.string().optional() }).optional(),
  duplicate: z.looseObject({ duplicate: z.string(), correlation: z.string().optional() }).optional(),
  corrupt: z.looseObject({ corrupt: z.string(), correlation: z.string().optional() }).optional(),
  bandwidth: z.looseObject({ rate: z.string(), limit: z.number().optional(), buffer: z.number().optional() }).optional(),
  duration: z.string().optional().describe("How long the fault lasts, e.g. 5m; unset = until deleted"),
});
export type NetworkChaosSpec = z.infer<typeof networkChaosSpecSchema>;

export const stressChaosSpecSchema = z.looseObject({
  mode: chaosModeSchema,
  value: z.string().optional(),
  selector: chaosSelectorSchema,
  stressors: z
    .looseObject({
      cpu: z.looseObject({ workers: z.number().int().positive(), load: z.number().int().min(0).max(100).optional() }).optional(),
      memory: z.looseObject({ workers: z.number().int().positive(), size: z.string().optional() }).optional(),
    })
    .refine((s) => s.cpu !== undefined || s.memory !== undefined, { message: "at least one of cpu or memory is required" }),
  containerNames: z.array(z.string()).optional(),
  duration: z.string().optional(),
});
export type StressChaosSpec = z.infer<typeof stressChaosSpecSchema>;

export const DATABASE_FAULT_ACTIONS = ["DropUser", "RevokeRole", "ExhaustConnections", "LockTable", "SlowQueries"] as const;

export const databaseFaultSpecSchema = z
  .looseObject({
    database: z.string().min(1).describe("Name of the database Service in the same namespace"),
    action: z.enum(DATABASE_FAULT_ACTIONS),
    user: z.string().optional().describe("Database user (DropUser, RevokeRole)"),
    role: z.string().optional().describe("Role or grant revoked from the user (RevokeRole)"),
    table: z.string().optional().describe("Locked table (LockTable)"),
    duration: z.string().optional(),
  })
  .superRefine((spec, ctx) => {
    if ((spec.action === "DropUser" || spec.action === "RevokeRole") && !spec.user) {
      ctx.addIssue({ code: "custom", path: ["user"], message: `Required value: ${spec.action} needs a user` });
    }
    if (spec.action === "RevokeRole" && !spec.role) ctx.addIssue({ code: "custom", path: ["role"], message: "Required value: RevokeRole needs a role" });
    if (spec.action === "LockTable" && !spec.table) ctx.addIssue({ code: "custom", path: ["table"], message: "Required value: LockTable needs a table" });
  });
export type DatabaseFaultSpec = z.infer<typeof databaseFaultSpecSchema>;

/** Spec schema per custom resource store key. */
export const CUSTOM_RESOURCE_SPECS: Record<string, z.ZodType> = {
  "networkchaos.chaos-mesh.org": networkChaosSpecSchema,
  "stresschaos.chaos-mesh.org": stressChaosSpecSchema,
  "databasefaults.faults.agentic-sre.dev": databaseFaultSpecSchema,
};
