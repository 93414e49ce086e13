/** Input and output of the mitigation agent (zod, `.describe()` on every field). */
import { z } from "zod";
import { mitigationActionSchema, MAX_ACTIONS_PER_TRANSACTION } from "../cluster/actions/catalogue";
import { recreateServiceParams } from "../cluster/actions/recreate-service";
import { diagnosisOutputSchema } from "./diagnosis-schema";

export const mitigationInputSchema = z
  .object({
    namespace: z.string().min(1).describe("Namespace of the incident"),
    diagnosis: diagnosisOutputSchema.describe("The diagnosis agent's output"),
    knownServiceSpecs: z.array(recreateServiceParams).nullable().default(null).describe("Last known specs of the namespace's Services (e.g. from a topology snapshot), to recreate a deleted one"),
    maxActions: z.number().int().min(1).max(MAX_ACTIONS_PER_TRANSACTION).nullable().default(null).describe(`Cap on actions per transaction (default ${MAX_ACTIONS_PER_TRANSACTION})`),
  })
  .strict();
export type MitigationInput = z.input<typeof mitigationInputSchema>;

const escalationFields = {
  runbookSteps: z.array(z.string().min(1)).min(1).describe("What a human should do, in order"),
  reason: z.string().min(1).describe("Why the agent does not act on this itself"),
};

export const mitigationOutputSchema = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("transaction"),
      actions: z.array(z.object({ action: mitigationActionSchema.describe("A catalogue action"), reason: z.string().min(1).describe("Why this action, tied to the diagnosis") }).strict()).min(1).max(MAX_ACTIONS_PER_TRANSACTION).describe("Actions executed in order as one transaction"),
      summary: z.string().min(1).describe("One line for the approval card"),
      escalation: z.object(escalationFields).strict().nullable().describe("Causes left to a human (multi-cause incidents where only part is safe to fix)"),
    })
    .strict(),
  z.object({ kind: z.literal("escalation"), ...escalationFields }).strict(),
]);
export type MitigationOutput = z.infer<typeof mitigationOutputSchema>;
