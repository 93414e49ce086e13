/**
 * The mitigation agent (rules reasoner): maps each diagnosed cause to its playbook and returns
 * one transaction of validated catalogue actions, or an escalation with runbook steps when no
 * cause can be fixed by an undoable action. With several causes, the safe fixes go into one
 * transaction and the rest are escalated alongside it.
 */
import { MAX_ACTIONS_PER_TRANSACTION, mitigationActionSchema } from "../cluster/actions/catalogue";
import { runPlaybook } from "../reasoning/rules/playbooks";
import { budgetedToolCaller, type AgentContext } from "./agent-context";
import { mitigationInputSchema, mitigationOutputSchema, type MitigationInput, type MitigationOutput } from "./mitigation-schema";

/** Tool calls one mitigation proposal may make. */
export const MAX_MITIGATION_TOOL_CALLS = 12;

/** Proposes the mitigation of a diagnosed incident. Writes nothing: the TNR engine executes. */
export async function runMitigationAgent(ctx: AgentContext, rawInput: MitigationInput): Promise<MitigationOutput> {
  const input = mitigationInputSchema.parse(rawInput);
  const limit = input.maxActions ?? MAX_ACTIONS_PER_TRANSACTION;
  const playbookContext = { namespace: input.namespace, callTool: budgetedToolCaller(ctx, "mitigation", MAX_MITIGATION_TOOL_CALLS), metrics: ctx.metrics, now: ctx.now, knownServiceSpecs: input.knownServiceSpecs ?? [] };
  const causes = [input.diagnosis, ...input.diagnosis.otherCauses];

  const actions: { action: ReturnType<typeof mitigationActionSchema.parse>; reason: string }[] = [];
  const escalations: { reason: string; runbookSteps: string[] }[] = [];
  for (const cause of causes) {
    const result = await runPlaybook(playbookContext, cause);
    if (result.kind === "escalate") {
      ctx.emit({ agent: "mitigation", kind: "decision", text: `escalate ${cause.faultyObject.kind} ${cause.faultyObject.name}: ${result.reason}` });
      escalations.push({ reason: result.reason, runbookSteps: result.runbookSteps });
      continue;
    }
    for (const proposed of result.actions) {
      // The catalogue's schema is the gate: a playbook bug must not reach the cluster.
      const parsed = mitigationActionSchema.safeParse(proposed.action);
      if (!parsed.success) {
        escalations.push({ reason: `the playbook for ${cause.mechanism} produced an invalid action: ${parsed.error.issues.map((i) => i.message).join("; ")}`, runbookSteps: [`Fix ${cause.faultyObject.kind} ${cause.faultyObject.name} by hand: ${cause.rootCause}`] });
        continue;
      }
      if (actions.length >= limit) {
        escalations.push({ reason: `the transaction is full (${limit} actions)`, runbookSteps: [`Apply by hand: ${JSON.stringify(parsed.data)}`] });
        continue;
      }
      actions.push({ action: parsed.data, reason: proposed.reason });
      ctx.emit({ agent: "mitigation", kind: "decision", text: `${parsed.data.type} on ${"name" in parsed.data.params ? parsed.data.params.name : ""}: ${proposed.reason}` });
    }
  }

  const escalation = escalations.length ? { reason: escalations.map((e) => e.reason).join(" "), runbookSteps: escalations.flatMap((e) => e.runbookSteps) } : null;
  if (actions.length === 0) return mitigationOutputSchema.parse({ kind: "escalation", ...(escalation ?? { reason: "no cause has a safe action", runbookSteps: ["Investigate by hand"] }) });
  const summary = `${actions.map((a) => `${a.action.type} ${"name" in a.action.params ? a.action.params.name : ""}`).join(", ")}${escalation ? `; ${escalations.length} cause(s) escalated` : ""}`;
  return mitigationOutputSchema.parse({ kind: "transaction", actions, summary, escalation });
}
